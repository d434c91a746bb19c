import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { QueryParam } from './table/types';

/**
 * One table query parameter as an n8n parameter, built the same way for the action node and the
 * polling trigger. Each node names the parameter, words its description and says where it shows
 * (the `base`); this picks the control and its default from the parameter's type, options and
 * whether it takes a list.
 */

/** `work_status` -> `Work Status`; option values may use spaces instead (`fixed discount`). */
export function titleCase(name: string): string {
	return name
		.split(/[_\s]+/)
		.filter(Boolean)
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

/** The text as a sentence (full stop added unless it already ends one); empty stays empty. */
export function sentence(text: string | undefined): string {
	if (!text) return '';
	return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function optionsOf(values: readonly string[]): INodePropertyOptions[] {
	return values.map((value) => ({ name: titleCase(value), value }));
}

export function byDisplayName(a: INodeProperties, b: INodeProperties): number {
	return a.displayName.localeCompare(b.displayName);
}

export type QueryPropertyBase = Pick<INodeProperties, 'displayName' | 'name'> &
	Partial<Pick<INodeProperties, 'description' | 'displayOptions' | 'required'>>;

export function queryProperty(param: QueryParam, base: QueryPropertyBase): INodeProperties {
	if (param.options) {
		const options = optionsOf(param.options);
		return param.array
			? { ...base, type: 'multiOptions', options, default: [] }
			: { ...base, type: 'options', options, default: param.options[0] };
	}
	if (param.array) {
		// Free values of a list are typed into one field; the nodes split them on commas.
		return {
			...base,
			type: 'string',
			default: '',
			description: `${sentence(base.description ?? base.displayName)} Several values separated by commas.`.trim(),
		};
	}
	switch (param.type) {
		case 'number':
		case 'integer':
			return { ...base, type: 'number', default: 0 };
		case 'boolean':
			return { ...base, type: 'boolean', default: false };
		case 'dateTime':
		case 'date':
			return { ...base, type: 'dateTime', default: '' };
		default:
			return { ...base, type: 'string', default: '' };
	}
}

/** The optional filters of a list, as one collection sorted by label. */
export function filtersCollection(displayOptions: IDisplayOptions, filters: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions,
		options: filters.sort(byDisplayName),
	};
}
