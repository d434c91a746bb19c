/**
 * A deterministic company: the same seed, sizes and start time give the same records, ids and
 * timestamps. Timestamps lie before the start time; many records share one `updated_at` second
 * (imports and bulk edits), as they do live.
 */
import type { ObjectName } from '../../nodes/shared/table/types';
import type { FakeRecord, FakeStore } from './store';
import { Rng, isoDate, isoSeconds, type Json } from './util';
import { lineItemAmount, type CompanyInfo } from './views';

/** A seeded customer's mobile number, the one examples/01 looks up ((512) 555-0142 as HCP stores it). */
export const KNOWN_CALLER_NUMBER = '5125550142';

export type SeedSizes = Partial<Record<ObjectName, number>>;

/** Record counts when `size` does not say otherwise. */
export const DEFAULT_SIZES: Readonly<Record<string, number>> = {
	customer: 60,
	employee: 8,
	job: 150,
	estimate: 40,
	lead: 30,
	tag: 12,
	leadSource: 8,
	jobType: 6,
	event: 15,
	materialCategory: 6,
	material: 40,
	priceForm: 5,
	priceBookService: 10,
	serviceZone: 3,
	route: 10,
	checklist: 10,
};

const FIRST_NAMES = ['Ada', 'Ben', 'Carla', 'Dev', 'Elena', 'Femi', 'Grace', 'Hugo', 'Ines', 'Jon', 'Kira', 'Liam', 'Maya', 'Nils', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sam', 'Tara', 'Uma', 'Victor', 'Wen', 'Xavi', 'Yara', 'Zane', 'Amir', 'Bea', 'Chen', 'Dana'];
const LAST_NAMES = ['Abbott', 'Baker', 'Castro', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jensen', 'Khan', 'Lopez', 'Miller', 'Nguyen', 'Okafor', 'Patel', 'Quint', 'Reyes', 'Smith', 'Tanaka', 'Usman', 'Vargas', 'Walsh', 'Xu', 'Young', 'Zimmer'];
const STREETS = ['Oak St', 'Maple Ave', 'Pine Rd', 'Cedar Ln', 'Elm Dr', 'Birch Way', 'Main St', 'Lake Blvd', 'Hill Ct', 'River Rd', 'Sunset Ave', 'Park Pl'];
/** Cities with the centre coordinates their addresses carry (strings, as the company's are recorded). */
const CITIES: readonly { city: string; state: string; zip: string; latitude: string; longitude: string }[] = [
	{ city: 'San Diego', state: 'CA', zip: '92101', latitude: '32.7157', longitude: '-117.1611' },
	{ city: 'Austin', state: 'TX', zip: '78701', latitude: '30.2672', longitude: '-97.7431' },
	{ city: 'Denver', state: 'CO', zip: '80202', latitude: '39.7392', longitude: '-104.9903' },
	{ city: 'Phoenix', state: 'AZ', zip: '85004', latitude: '33.4484', longitude: '-112.0740' },
	{ city: 'Portland', state: 'OR', zip: '97205', latitude: '45.5152', longitude: '-122.6784' },
	{ city: 'Tampa', state: 'FL', zip: '33602', latitude: '27.9506', longitude: '-82.4572' },
	{ city: 'Raleigh', state: 'NC', zip: '27601', latitude: '35.7796', longitude: '-78.6382' },
	{ city: 'Boise', state: 'ID', zip: '83702', latitude: '43.6150', longitude: '-116.2023' },
];
const JOB_WORDS = ['AC repair', 'Furnace tune-up', 'Water heater install', 'Drain cleaning', 'Panel upgrade', 'Leak fix', 'Duct cleaning', 'Thermostat swap', 'Gutter cleaning', 'Window washing'];
const LINE_ITEMS: readonly { name: string; kind: string; price: number }[] = [
	{ name: 'Service call', kind: 'labor', price: 8900 },
	{ name: 'Labor hour', kind: 'labor', price: 12500 },
	{ name: 'Capacitor', kind: 'materials', price: 4550 },
	{ name: 'Filter 16x25', kind: 'materials', price: 1999 },
	{ name: 'Copper pipe (ft)', kind: 'materials', price: 375 },
	{ name: 'Loyalty discount', kind: 'fixed discount', price: -2500 },
];
const TAG_NAMES = ['VIP', 'Warranty', 'Commercial', 'Residential', 'Follow up', 'Maintenance plan', 'New', 'Referral', 'Pets', 'Gate code', 'Priority', 'Spanish'];
const LEAD_SOURCES = ['Google', 'Yelp', 'Referral', 'Facebook', 'Website', 'Nextdoor', 'Repeat customer', 'Truck sign'];
const JOB_TYPES = ['Repair', 'Install', 'Maintenance', 'Inspection', 'Estimate visit', 'Emergency'];

/** Work statuses as records answer, with how often they occur. */
const WORK_STATUSES: readonly [string, number][] = [
	['needs scheduling', 0.1],
	['scheduled', 0.25],
	['in progress', 0.05],
	['complete unrated', 0.35],
	['complete rated', 0.15],
	['user canceled', 0.05],
	['pro canceled', 0.05],
];

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface SeedResult {
	company: CompanyInfo;
}

/** Fills the store. `anchorMs` is the fake clock at start; every seeded time lies before it (schedules may lie after). */
export function seedStore(store: FakeStore, seed: number, sizes: SeedSizes, anchorMs: number): SeedResult {
	const rng = new Rng(seed);
	const count = (object: ObjectName): number => Math.max(0, Math.floor(sizes[object] ?? DEFAULT_SIZES[object] ?? 0));
	const anchor = Math.floor(anchorMs / 1000) * 1000;
	const span = 730 * DAY;
	// A few seconds in which many records were edited at once (bulk edits, imports).
	const bulkSeconds = Array.from({ length: 6 }, () => anchor - rng.int(1, 60) * DAY - rng.int(0, 86_399) * 1000);

	/** Creation times rising with the index; about a third repeat the previous second (imports). */
	const timeline = (n: number) => {
		let previous = anchor - span;
		return (i: number): number => {
			if (i > 0 && rng.chance(0.3)) return previous;
			const base = anchor - span + Math.floor((span * i) / Math.max(1, n));
			previous = Math.min(anchor - 1000, base + rng.int(0, Math.max(1, Math.floor(span / Math.max(1, n)))));
			previous = Math.floor(previous / 1000) * 1000;
			return previous;
		};
	};
	const updatedAfter = (createdMs: number): number => {
		const roll = rng.next();
		if (roll < 0.45) return createdMs;
		if (roll < 0.65) {
			const bulk = rng.pick(bulkSeconds);
			return bulk > createdMs ? bulk : createdMs;
		}
		return createdMs + Math.floor(rng.next() * (anchor - createdMs) / 1000) * 1000;
	};
	const put = (object: ObjectName, record: FakeRecord): FakeRecord => store.insertRaw(object, record);
	const id = (object: ObjectName): string => store.newId(object, rng);

	// ---- the company and its settings ----
	const company: CompanyInfo = { id: rng.uuid(), name: 'Fake Home Services Co' };
	const city0 = CITIES[0];
	put('company', {
		id: company.id,
		name: company.name,
		support_email: 'support@fakehomeservices.example',
		// Recorded: the company phone comes formatted, unlike customer and employee numbers.
		phone_number: '(619) 555-0100',
		logo_url: 'https://images.fake-hcp.example/logo.png',
		address: { street: '100 Main St', street_line_2: null, city: city0.city, state: city0.state, zip: city0.zip, country: 'US', latitude: '32.7157', longitude: '-117.1611' },
		website: 'https://fakehomeservices.example',
		default_arrival_window: 0,
		time_zone: 'America/Los_Angeles',
		service_areas_data: { zip_codes: CITIES.map((c) => c.zip) },
		locations: [],
		franchise_info: {
			root_franchisor_id: null,
			franchisor_depth: 0,
			metadata: { territory_management: { franchise_id: null, franchise_ids: [] }, franchisee_identifier: null, external: {} },
		},
		created_at: isoSeconds(anchor - span - DAY),
	});
	put('application', { id: 'application', name: 'Fake HCP App', state: 'enabled', organization_id: company.id });
	put('scheduleAvailability', {
		id: 'schedule_availability',
		availability_buffer_in_days: 1,
		daily_availabilities: {
			data: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => ({
				day_name: day,
				schedule_windows: [
					{ start_time: '08:00', end_time: '12:00' },
					{ start_time: '13:00', end_time: '17:00' },
				],
			})),
		},
	});

	// ---- small reference lists ----
	const employees: string[] = [];
	for (let i = 0; i < count('employee'); i++) {
		const first = FIRST_NAMES[(i * 7) % FIRST_NAMES.length];
		const last = LAST_NAMES[(i * 5) % LAST_NAMES.length];
		const created = anchor - span - rng.int(1, 300) * DAY;
		const employee = put('employee', {
			id: id('employee'),
			first_name: first,
			last_name: last,
			email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@fakehomeservices.example`,
			mobile_number: `619555${String(1000 + i).slice(-4)}`,
			color_hex: rng.hex32().slice(0, 6),
			avatar_url: null,
			role: i === 0 ? 'admin' : i % 4 === 1 ? 'office staff' : 'field tech',
			tags: [],
			permissions: { ...permissionsFor(i === 0) },
			created_at: isoSeconds(created),
			updated_at: isoSeconds(created),
		});
		employees.push(String(employee.id));
	}
	const tags: string[] = [];
	for (let i = 0; i < count('tag'); i++) {
		const name = i < TAG_NAMES.length ? TAG_NAMES[i] : `Tag ${i + 1}`;
		put('tag', { id: id('tag'), name, created_at: isoSeconds(anchor - span + i * DAY) });
		tags.push(name);
	}
	const leadSources: string[] = [];
	for (let i = 0; i < count('leadSource'); i++) {
		const name = i < LEAD_SOURCES.length ? LEAD_SOURCES[i] : `Source ${i + 1}`;
		put('leadSource', { id: id('leadSource'), name, editable: i > 1, created_at: isoSeconds(anchor - span + i * DAY) });
		leadSources.push(name);
	}
	const jobTypes: string[] = [];
	for (let i = 0; i < count('jobType'); i++) {
		const name = i < JOB_TYPES.length ? JOB_TYPES[i] : `Job type ${i + 1}`;
		jobTypes.push(String(put('jobType', { id: id('jobType'), name, created_at: isoSeconds(anchor - span + i * DAY) }).id));
	}
	for (const resourceType of ['lead', 'job', 'estimate']) {
		['New', 'Contacted', 'Quoted', 'Closed'].forEach((name, order) => {
			put('pipelineStatus', {
				id: id('pipelineStatus'),
				name,
				status_type: order === 0 ? 'default' : 'custom',
				resource_type: resourceType,
				created_at: isoSeconds(anchor - span + order * HOUR),
			});
		});
	}
	for (let i = 0; i < count('serviceZone'); i++) {
		const place = CITIES[i % CITIES.length];
		put('serviceZone', {
			id: id('serviceZone'),
			name: `${place.city} zone`,
			coverage_type: 'zip_codes',
			trip_charge: 2500 + i * 500,
			fee_name: 'Trip charge',
			zip_codes: [place.zip, String(Number(place.zip) + 1)],
			cities: [{ city: place.city, state: place.state, country: 'US' }],
			service_pro_ids: employees.filter((_, n) => n % Math.max(1, count('serviceZone')) === i),
			created_at: isoSeconds(anchor - span + i * DAY),
		});
	}

	// ---- price book ----
	const categories: FakeRecord[] = [];
	const categoryTime = timeline(count('materialCategory'));
	for (let i = 0; i < count('materialCategory'); i++) {
		const created = categoryTime(i);
		categories.push(
			put('materialCategory', {
				uuid: id('materialCategory'),
				parent_uuid: i >= 3 && categories.length > 0 ? categories[i % 3].uuid : null,
				name: ['HVAC', 'Plumbing', 'Electrical', 'Filters', 'Fittings', 'Wire'][i % 6] + (i >= 6 ? ` ${i}` : ''),
				image: null,
				created_at: isoSeconds(created),
				updated_at: isoSeconds(updatedAfter(created)),
			}),
		);
	}
	const materialTime = timeline(count('material'));
	for (let i = 0; i < count('material'); i++) {
		const created = materialTime(i);
		const category = categories.length > 0 ? categories[i % categories.length] : undefined;
		const cost = rng.int(100, 20_000);
		put('material', {
			uuid: id('material'),
			material_category_uuid: category ? category.uuid : null,
			name: `${rng.pick(['Copper', 'PVC', 'Brass', 'Steel'])} part ${i + 1}`,
			description: null,
			image: null,
			cost,
			price: cost * 2,
			unit_of_measure: rng.pick(['each', 'ft', 'box']),
			part_number: `PN-${10_000 + i}`,
			flat_rate_enabled: rng.chance(0.2),
			taxable: rng.chance(0.8),
			created_at: isoSeconds(created),
			updated_at: isoSeconds(updatedAfter(created)),
		});
	}
	for (let i = 0; i < count('priceForm'); i++) {
		put('priceForm', {
			id: id('priceForm'),
			name: `${rng.pick(JOB_WORDS)} pricing`,
			automatically_add_to_new_job: false,
			olb_enabled: i % 2 === 0,
			duration_in_minutes: 60 + 30 * (i % 3),
			taxable: true,
			template_type: 'price_form',
			description: null,
			dynamic_duration_enabled: false,
			order_index: i,
			question_1: 'How many units?',
			question_2: null,
			bookable_as: 'service',
			service_area_pricing_enabled: false,
			image_url: null,
			fields: {
				data: [
					{
						id: `pbpff_${rng.hex32()}`,
						name: 'Units',
						price: 5000,
						kind: 'select',
						order_index: 0,
						duration_in_minutes: 30,
						options: {
							data: [1, 2, 3].map((n) => ({
								id: `pbpffo_${rng.hex32()}`,
								name: `${n} unit${n > 1 ? 's' : ''}`,
								price: 5000 * n,
								upper_bound: n,
								lower_bound: n,
								duration_in_minutes: 30 * n,
								uuid: rng.uuid(),
							})),
						},
						service_area_fields: { data: [] },
						assigned_pros: [],
						assigned_tags: [],
					},
				],
			},
			created_at: isoSeconds(anchor - span + i * DAY),
		});
	}
	for (let i = 0; i < count('priceBookService'); i++) {
		put('priceBookService', {
			object: 'service',
			uuid: id('priceBookService'),
			name: JOB_WORDS[i % JOB_WORDS.length],
			description: null,
			task_number: `T-${100 + i}`,
			image: null,
			flat_rate_enabled: true,
			service_materials: { object: 'list', data: [] },
			service_labor_rates: { object: 'list', data: [] },
			managed_by: null,
			price: rng.int(50, 900) * 100,
			cost: rng.int(10, 200) * 100,
			taxable: true,
			unit_of_measure: 'each',
			category: { id: 1 + (i % 3), name: ['HVAC', 'Plumbing', 'Electrical'][i % 3] },
			industry: { id: 1, name: 'Home services' },
			online_booking_enabled: i % 2 === 0,
			duration: 60,
			bookable_as: 'service',
			assigned_pros: { object: 'list', data: [] },
			question_1: null,
			question_2: null,
			created_at: isoSeconds(anchor - span + i * DAY),
		});
	}

	// ---- customers and their addresses (the bulk: must stay fast at 100k) ----
	const customers: string[] = [];
	const addressOf = new Map<string, string>();
	const customerTime = timeline(count('customer'));
	for (let i = 0; i < count('customer'); i++) {
		const created = customerTime(i);
		const updated = updatedAfter(created);
		const first = rng.pick(FIRST_NAMES);
		const last = rng.pick(LAST_NAMES);
		const customerId = id('customer');
		put('customer', {
			id: customerId,
			first_name: first,
			last_name: last,
			email: rng.chance(0.9) ? `${first.toLowerCase()}.${last.toLowerCase()}.${i}@mail.example` : null,
			mobile_number: `555${String(rng.int(0, 9_999_999)).padStart(7, '0')}`,
			home_number: rng.chance(0.2) ? `555${String(rng.int(0, 9_999_999)).padStart(7, '0')}` : null,
			work_number: null,
			company: rng.chance(0.15) ? `${last} Holdings` : null,
			notifications_enabled: rng.chance(0.8),
			lead_source: leadSources.length > 0 && rng.chance(0.6) ? rng.pick(leadSources) : null,
			notes: null,
			tags: tags.length > 0 && rng.chance(0.3) ? [rng.pick(tags)] : [],
			do_not_service: rng.chance(0.02),
			attachments: [],
			created_at: isoSeconds(created),
			updated_at: isoSeconds(updated),
		});
		customers.push(customerId);
		const addressCount = rng.chance(0.3) ? 2 : 1;
		for (let a = 0; a < addressCount; a++) {
			const place = rng.pick(CITIES);
			const addressId = id('address');
			put('address', {
				id: addressId,
				customer_id: customerId,
				type: a === 0 ? 'service' : 'billing',
				street: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`,
				street_line_2: null,
				city: place.city,
				state: place.state,
				zip: place.zip,
				country: 'US',
				// Recorded addresses carry latitude/longitude (geocoded by HCP).
				latitude: place.latitude,
				longitude: place.longitude,
				created_at: isoSeconds(created),
				updated_at: isoSeconds(created),
			});
			if (a === 0) addressOf.set(customerId, addressId);
		}
	}

	const lineItems = (object: ObjectName, link: string, parentId: string, n: number, createdMs: number): void => {
		for (let k = 0; k < n; k++) {
			const item = rng.pick(LINE_ITEMS);
			const quantity = item.kind === 'materials' ? rng.int(1, 400) / 100 : rng.int(1, 3);
			put(object, {
				id: id(object),
				[link]: parentId,
				name: item.name,
				description: null,
				unit_price: item.price,
				unit_cost: Math.max(0, Math.round(item.price / 3)),
				unit_of_measure: 'each',
				quantity,
				kind: item.kind,
				taxable: item.kind === 'materials',
				amount: lineItemAmount(item.price, quantity),
				order_index: k,
				service_item_id: null,
				service_item_type: null,
				created_at: isoSeconds(createdMs),
				updated_at: isoSeconds(createdMs),
			});
		}
	};

	// ---- jobs, their line items, appointments, notes and invoices ----
	let invoiceNumber = 1000;
	const jobTime = timeline(count('job'));
	const jobIds: string[] = [];
	for (let i = 0; i < count('job') && customers.length > 0; i++) {
		const created = jobTime(i);
		const customerId = customers[rng.int(0, customers.length - 1)];
		const status = weighted(rng, WORK_STATUSES);
		const jobId = id('job');
		const upcoming = status === 'scheduled' || status === 'needs scheduling';
		const start = upcoming
			? anchor + rng.int(1, 30) * DAY + rng.int(8, 16) * HOUR
			: created + rng.int(1, 14) * DAY + rng.int(8, 16) * HOUR;
		const startRounded = Math.floor(start / HOUR) * HOUR;
		const end = startRounded + rng.int(1, 4) * HOUR;
		const done = status.startsWith('complete');
		const assigned = employees.length > 0 ? [rng.pick(employees)] : [];
		const lastTouch = done ? Math.min(anchor - 1000, end + HOUR) : created;
		const updated = Math.max(updatedAfter(created), Math.min(lastTouch, anchor - 1000));
		invoiceNumber++;
		put('job', {
			id: jobId,
			invoice_number: String(invoiceNumber),
			description: rng.pick(JOB_WORDS),
			customer_id: customerId,
			address_id: addressOf.get(customerId) ?? null,
			work_status: status,
			work_timestamps: {
				on_my_way_at: done || status === 'in progress' ? isoSeconds(startRounded - 1800_000) : null,
				started_at: done || status === 'in progress' ? isoSeconds(startRounded) : null,
				completed_at: done ? isoSeconds(end) : null,
			},
			schedule:
				status === 'needs scheduling'
					? { scheduled_start: null, scheduled_end: null, arrival_window: 0 }
					: { scheduled_start: isoSeconds(startRounded), scheduled_end: isoSeconds(end), arrival_window: 60 },
			assigned_employee_ids: status === 'needs scheduling' ? [] : assigned,
			tags: tags.length > 0 && rng.chance(0.25) ? [rng.pick(tags)] : [],
			original_estimate_id: null,
			original_estimate_uuids: [],
			lead_source: null,
			job_type_id: jobTypes.length > 0 ? rng.pick(jobTypes) : null,
			business_unit_id: null,
			attachments: [],
			locked_at: null,
			canceled_at: status.endsWith('canceled') ? isoSeconds(updated) : null,
			deleted_at: null,
			recurrence_number: null,
			recurrence_rule: null,
			created_at: isoSeconds(created),
			updated_at: isoSeconds(updated),
		});
		jobIds.push(jobId);
		const itemCount = rng.int(1, 4);
		lineItems('jobLineItem', 'job_id', jobId, itemCount, created);
		if (status !== 'needs scheduling') {
			put('appointment', {
				id: id('appointment'),
				job_id: jobId,
				start_time: isoSeconds(startRounded),
				end_time: isoSeconds(end),
				anytime: false,
				arrival_window_minutes: 60,
				dispatched_employees_ids: assigned,
				created_at: isoSeconds(created),
				updated_at: isoSeconds(created),
			});
		}
		if (rng.chance(0.2)) {
			put('jobNote', { id: id('jobNote'), job_id: jobId, content: 'Customer asked for a call before arrival', created_at: isoSeconds(created) });
		}
		if (done) seedInvoice(store, rng, jobId, String(invoiceNumber), end, anchor);
	}

	// ---- estimates and options ----
	const estimateTime = timeline(count('estimate'));
	for (let i = 0; i < count('estimate') && customers.length > 0; i++) {
		const created = estimateTime(i);
		const customerId = customers[rng.int(0, customers.length - 1)];
		const estimateId = id('estimate');
		put('estimate', {
			id: estimateId,
			estimate_number: String(5000 + i),
			work_status: rng.pick(['needs scheduling', 'scheduled', 'complete unrated']),
			lead_source: leadSources.length > 0 ? rng.pick(leadSources) : null,
			customer_id: customerId,
			address_id: addressOf.get(customerId) ?? null,
			work_timestamps: { on_my_way_at: null, started_at: null, completed_at: null },
			schedule: { scheduled_start: null, scheduled_end: null, arrival_window: 0 },
			assigned_employee_ids: employees.length > 0 ? [rng.pick(employees)] : [],
			estimate_fields: { job_type_id: jobTypes.length > 0 ? rng.pick(jobTypes) : null, business_unit_id: null },
			attachments: [],
			message: null,
			note: null,
			created_at: isoSeconds(created),
			updated_at: isoSeconds(updatedAfter(created)),
		});
		const options = rng.int(1, 3);
		for (let o = 0; o < options; o++) {
			const optionId = id('estimateOption');
			const optionUpdated = updatedAfter(created);
			put('estimateOption', {
				id: optionId,
				estimate_id: estimateId,
				name: ['Good', 'Better', 'Best'][o],
				option_number: String(5000 + i) + '-' + (o + 1),
				// Recorded: null until someone answers; approval reads "pro approved".
				approval_status: rng.pick([null, null, 'pro approved', 'pro declined']),
				message_from_pro: null,
				tags: [],
				status: 'open',
				tax_rate: 0.0825,
				attachments: [],
				created_at: isoSeconds(created),
				updated_at: isoSeconds(optionUpdated),
			});
			lineItems('estimateOptionLineItem', 'estimate_option_id', optionId, rng.int(1, 3), created);
			if (rng.chance(0.25)) {
				put('jobNote', { id: id('jobNote'), estimate_option_id: optionId, content: 'Price valid for 30 days', created_at: isoSeconds(created) });
			}
		}
	}

	// ---- leads ----
	const leadTime = timeline(count('lead'));
	const leadStatuses = store.list('pipelineStatus').filter((s) => s.resource_type === 'lead');
	for (let i = 0; i < count('lead') && customers.length > 0; i++) {
		const created = leadTime(i);
		const customerId = customers[rng.int(0, customers.length - 1)];
		const status = rng.pick(['open', 'open', 'open', 'won', 'lost']);
		const leadId = id('lead');
		put('lead', {
			id: leadId,
			number: 100 + i,
			customer_id: customerId,
			address_id: addressOf.get(customerId) ?? null,
			lead_source: leadSources.length > 0 ? rng.pick(leadSources) : null,
			tags: [],
			assigned_employee_id: employees.length > 0 ? rng.pick(employees) : null,
			status,
			pipeline_status: leadStatuses.length > 0 ? String(rng.pick(leadStatuses).name) : null,
			lost_at: status === 'lost' ? isoSeconds(created + DAY) : null,
			note: null,
			created_at: isoSeconds(created),
			updated_at: isoSeconds(created),
		});
		lineItems('leadLineItem', 'lead_id', leadId, rng.int(0, 2), created);
	}

	// ---- events, routes, checklists ----
	const eventTime = timeline(count('event'));
	for (let i = 0; i < count('event'); i++) {
		const created = eventTime(i);
		const start = Math.floor((anchor + rng.int(-10, 20) * DAY) / HOUR) * HOUR;
		const place = rng.pick(CITIES);
		put('event', {
			id: id('event'),
			name: rng.pick(['Team meeting', 'Truck service', 'Training', 'Supplier visit']),
			note: null,
			tags: [],
			recurrence_rule: null,
			address: { street: `${rng.int(1, 999)} ${rng.pick(STREETS)}`, street_line_2: null, city: place.city, state: place.state, zip: place.zip },
			assigned_employee_ids: employees.slice(0, 2),
			schedule: { start_time: isoSeconds(start), end_time: isoSeconds(start + HOUR), time_zone: 'America/Los_Angeles' },
			all_day: false,
			created_at: isoSeconds(created),
			updated_at: isoSeconds(updatedAfter(created)),
		});
	}
	for (let i = 0; i < count('route'); i++) {
		put('route', {
			id: id('route'),
			name: `Route ${i + 1}`,
			color_hex: rng.hex32().slice(0, 6),
			date: isoDate(anchor + (i - Math.floor(count('route') / 2)) * DAY),
			employee_ids: employees.length > 0 ? [employees[i % employees.length]] : [],
			job_appointments: [],
			event_ids: [],
			estimate_ids: [],
			created_at: isoSeconds(anchor - (count('route') - i) * DAY),
		});
	}
	for (let i = 0; i < count('checklist') && jobIds.length > 0; i++) {
		put('checklist', {
			id: id('checklist'),
			title: `${rng.pick(JOB_WORDS)} checklist`,
			job_uuid: jobIds[i % jobIds.length],
			estimate_uuid: null,
			sections: [{ title: 'Before leaving', order_index: 0, items: [{ title: 'Photos taken', checked: rng.chance(0.5) }] }],
			created_at: isoSeconds(anchor - (count('checklist') - i) * HOUR),
		});
	}
	// The caller-lookup example (examples/01) dials this number: a first run finds a customer with jobs.
	// Set after everything else so the generator's sequence, and every other record, stays as it was.
	const caller = jobIds.length > 0 ? store.raw('job', jobIds[jobIds.length - 1])?.customer_id : customers[0];
	if (typeof caller === 'string') store.raw('customer', caller)!.mobile_number = KNOWN_CALLER_NUMBER;
	return { company };
}

function permissionsFor(admin: boolean): Json {
	return {
		can_add_and_edit_job: true,
		can_be_booked_online: true,
		can_call_and_text_with_customers: true,
		can_chat_with_customers: true,
		can_delete_and_cancel_job: admin,
		can_edit_message_on_invoice: admin,
		can_see_street_view_data: true,
		can_share_job: true,
		can_take_payment_see_prices: true,
		can_see_customers: true,
		can_see_full_schedule: admin,
		can_see_future_jobs: true,
		can_see_marketing_campaigns: admin,
		can_see_reporting: admin,
		can_edit_settings: admin,
		is_point_of_contact: admin,
		is_admin: admin,
	};
}

function weighted(rng: Rng, table: readonly [string, number][]): string {
	let roll = rng.next();
	for (const [value, weight] of table) {
		if (roll < weight) return value;
		roll -= weight;
	}
	return table[table.length - 1][0];
}

/** One invoice for a finished job: paid, open (some overdue), pending or voided. */
function seedInvoice(store: FakeStore, rng: Rng, jobId: string, number: string, finishedMs: number, anchor: number): void {
	const items = store.children('jobLineItem', jobId);
	const subtotal = items.reduce((sum, item) => sum + Number(item.amount), 0);
	const status = weighted(rng, [
		['paid', 0.6],
		['open', 0.3],
		['pending_payment', 0.05],
		['voided', 0.05],
	]);
	const netDays = rng.chance(0.5) ? 30 : 0;
	const issued = Math.min(anchor - 1000, finishedMs + HOUR);
	const due = issued + netDays * DAY;
	const paidAt = status === 'paid' ? Math.min(anchor - 1000, issued + rng.int(0, 20) * DAY) : null;
	store.insertRaw('invoice', {
		id: store.newId('invoice', rng),
		job_id: jobId,
		status,
		invoice_number: number,
		amount: subtotal,
		subtotal,
		due_amount: status === 'paid' || status === 'voided' ? 0 : subtotal,
		due_at: isoSeconds(due),
		display_due_concept: netDays ? 'Net 30' : 'Due upon receipt',
		due_concept: netDays ? 'net 30' : 'upon receipt',
		// Recorded: a paid invoice with paid_at null; a third of the fake's paid ones read so.
		paid_at: paidAt === null || rng.chance(1 / 3) ? null : isoSeconds(paidAt),
		sent_at: isoSeconds(issued),
		service_date: isoSeconds(finishedMs),
		invoice_date: isoSeconds(issued),
		items: items.map((item) => ({
			id: `${String(item.id)}`,
			name: item.name,
			unit_cost: item.unit_cost,
			unit_price: item.unit_price,
			qty_in_hundredths: Math.round(Number(item.quantity) * 100),
			amount: item.amount,
			invoiced_amount: item.amount,
			description: item.description ?? '',
			type: item.kind === 'materials' ? 'material' : 'service',
		})),
		taxes: [],
		discounts: [],
		payments:
			paidAt === null
				? []
				: [
						{
							id: `pmt_${rng.hex32()}`,
							status: 'succeeded',
							payment_method: rng.pick(['credit_card', 'ach', 'external']),
							amount: subtotal,
							note: '',
							paid_at: isoSeconds(paidAt),
							category: 'payment',
						},
					],
		created_at: isoSeconds(issued),
		updated_at: isoSeconds(paidAt ?? issued),
	});
}
