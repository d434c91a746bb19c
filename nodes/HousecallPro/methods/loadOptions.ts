import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getOperation } from '../../shared/table';
import { readList, type Query } from '../../shared/transport';
import { personName } from '../simplify';

/** Dropdowns filled from the account: employees, job types, tags, lead sources, pipeline statuses. */

async function rowsOf(ctx: ILoadOptionsFunctions, key: string, query: Query = {}): Promise<IDataObject[]> {
	const operation = getOperation(key);
	return await readList(ctx, operation.path, operation.list!, query);
}

function byName(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return a.name.localeCompare(b.name);
}

export const loadOptions = {
	async getEmployees(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const employees = await rowsOf(this, 'employee.getMany');
		return employees
			.map((employee) => ({
				name: personName(employee) ?? String(employee.id),
				value: String(employee.id),
				description: [employee.role, employee.email].filter(Boolean).join(' · ') || undefined,
			}))
			.sort(byName);
	},

	async getJobTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const jobTypes = await rowsOf(this, 'jobType.getMany');
		return jobTypes.map((jobType) => ({ name: String(jobType.name ?? jobType.id), value: String(jobType.id) })).sort(byName);
	},

	/** Tag IDs: Job > Add Tag and the lead filter take IDs, not names. */
	async getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const tags = await rowsOf(this, 'tag.getMany');
		return tags.map((tag) => ({ name: String(tag.name ?? tag.id), value: String(tag.id) })).sort(byName);
	},

	/** Lead source names: customer, job, estimate and lead bodies take the name. */
	async getLeadSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const sources = await rowsOf(this, 'leadSource.getMany');
		const names = [...new Set(sources.map((source) => source.name).filter((name): name is string => typeof name === 'string' && !!name))];
		return names.map((name) => ({ name, value: name })).sort(byName);
	},

	/** Statuses of the pipeline chosen in Resource Type (lead, job or estimate). */
	async getPipelineStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const resourceType = String(this.getCurrentNodeParameter('resourceType') ?? '').trim();
		if (!resourceType) return [];
		const statuses = await rowsOf(this, 'pipelineStatus.getMany', { resource_type: resourceType });
		return statuses
			.slice()
			.sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0))
			.map((status) => ({ name: String(status.name ?? status.id), value: String(status.id) }));
	},
};
