import type { Operation } from '../types';

export const companyOperations: readonly Operation[] = [
	{
		key: 'company.get',
		resource: 'company',
		operation: 'get',
		displayName: 'Get',
		description:
			'Get the company behind the API key: name, contact details, time zone, default arrival window, service areas and locations (location IDs for multi-location filters)',
		method: 'GET',
		path: '/company',
		specOperationId: 'get-company',
		pathParams: [],
		object: 'company',
	},
	{
		key: 'company.updateFranchiseInfo',
		resource: 'company',
		operation: 'updateFranchiseInfo',
		displayName: 'Update Franchise Info',
		description:
			'Set franchise metadata of the company: territory franchise ID, franchisee identifier and free key/value external metadata. Returns the company',
		method: 'PATCH',
		path: '/company/franchise_info',
		specOperationId: 'patch-company-franchise-info',
		pathParams: [],
		body: {
			contentType: 'json',
			fields: [
				{
					name: 'metadata',
					type: 'object',
					label: 'Metadata',
					fields: [
						{
							name: 'territory_management',
							type: 'object',
							label: 'Territory Management',
							fields: [
								{
									name: 'franchise_id',
									type: 'string',
									label: 'Franchise ID',
									description: 'Territory franchise identifier; several as a comma-separated list; null clears it',
								},
							],
						},
						{
							name: 'franchisee_identifier',
							type: 'string',
							label: 'Franchisee Identifier',
							description: 'Franchisee identifier, kept apart from external metadata; null clears it',
						},
						{
							name: 'external',
							type: 'object',
							label: 'External',
							description: 'Free key/value pairs; does not touch the franchisee identifier',
						},
					],
				},
			],
		},
		object: 'company',
	},
	{
		key: 'company.getScheduleAvailability',
		resource: 'company',
		operation: 'getScheduleAvailability',
		displayName: 'Get Schedule Availability',
		description:
			'Get the business hours: for each day of the week the bookable windows, plus how many days ahead bookings are held back',
		method: 'GET',
		path: '/company/schedule_availability',
		specOperationId: 'get-company-schedule-availability',
		pathParams: [],
		object: 'scheduleAvailability',
	},
	{
		key: 'company.updateScheduleAvailability',
		resource: 'company',
		operation: 'updateScheduleAvailability',
		displayName: 'Update Schedule Availability',
		description:
			'Replace the business hours: the buffer in days and, for each day, its bookable windows. Read Get Schedule Availability first to copy the day names and time format in use',
		method: 'PUT',
		path: '/company/schedule_availability',
		specOperationId: 'update-company-schedule-availability',
		pathParams: [],
		body: {
			contentType: 'json',
			fields: [
				{
					name: 'availability_buffer_in_days',
					type: 'integer',
					required: true,
					label: 'Availability Buffer (Days)',
					description: 'Days from today before the first bookable day',
				},
				{
					name: 'daily_schedule_windows',
					type: 'objectArray',
					required: true,
					label: 'Daily Schedule Windows',
					description: 'One entry per day of the week',
					fields: [
						{
							name: 'day_name',
							type: 'string',
							required: true,
							label: 'Day Name',
							description: 'Day of the week, e.g. monday',
						},
						{
							name: 'schedule_windows',
							type: 'objectArray',
							required: true,
							label: 'Schedule Windows',
							description: 'Bookable windows of that day',
							fields: [
								{
									name: 'start_time',
									type: 'string',
									required: true,
									label: 'Start Time',
									description: 'ISO-8601 time the window opens',
								},
								{
									name: 'end_time',
									type: 'string',
									required: true,
									label: 'End Time',
									description: 'ISO-8601 time the window closes',
								},
							],
						},
					],
				},
			],
		},
		object: 'scheduleAvailability',
	},
	{
		key: 'company.getBookingWindows',
		resource: 'company',
		operation: 'getBookingWindows',
		displayName: 'Get Booking Windows',
		description:
			'Find open time slots to book a job or estimate, from the online-booking settings and each employee calendar. Window length: Service Duration, else the service duration of Service ID, else 30 minutes',
		method: 'GET',
		path: '/company/schedule_availability/booking_windows',
		specOperationId: 'get-company-schedule-booking-windows-availability',
		pathParams: [],
		query: [
			{
				name: 'show_for_days',
				type: 'integer',
				label: 'Show for Days',
				description: 'How many days to look ahead (default 7)',
			},
			{
				name: 'start_date',
				type: 'dateTime',
				label: 'Start Date',
				description: 'First moment to look from (YYYY-MM-DDTHH:MM:SS); default: the next day with a window',
			},
			{
				name: 'service_id',
				type: 'string',
				label: 'Service ID',
				description: 'Only employees assigned to this price-book service, with its configured duration',
			},
			{
				name: 'service_duration',
				type: 'integer',
				label: 'Service Duration (Minutes)',
				description: 'Window length in minutes; overrides the duration of Service ID',
			},
			{
				name: 'price_form_id',
				type: 'string',
				label: 'Price Form ID',
				description: 'Only employees assigned to this price form (`pbpf_...`)',
			},
			{
				name: 'employee_ids',
				type: 'string',
				array: true,
				label: 'Employee IDs',
				description: 'Only the availability of these employees (`pro_...`)',
			},
		],
		object: 'bookingWindow',
	},
];
