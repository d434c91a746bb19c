import type { Operation } from '../types';

/** Tags */
export const tagOperations: readonly Operation[] = [
	{
		key: 'tag.getMany',
		resource: 'tag',
		operation: 'getMany',
		displayName: 'Get Many',
		description: 'List tags with their IDs; Job > Add Tag takes a tag ID, customers take tag names',
		method: 'GET',
		path: '/tags',
		specOperationId: 'get-tags',
		pathParams: [],
		list: { envelope: 'paged', key: 'tags', pageSizeParam: 'page_size', sortFields: ['created_at', 'name'] },
		object: 'tag',
	},
	{
		key: 'tag.create',
		resource: 'tag',
		operation: 'create',
		displayName: 'Create',
		description: 'Create a tag by name; returns its ID, which Job > Add Tag takes',
		method: 'POST',
		path: '/tags',
		specOperationId: 'post-tags',
		pathParams: [],
		body: { contentType: 'json', fields: [{ name: 'name', type: 'string', label: 'Name' }] },
		object: 'tag',
	},
	{
		key: 'tag.update',
		resource: 'tag',
		operation: 'update',
		displayName: 'Update',
		description: 'Rename a tag, by ID from Tag > Get Many',
		method: 'PUT',
		path: '/tags/{tag_id}',
		specOperationId: 'put-tags-tag_id',
		pathParams: [{ name: 'tag_id', label: 'Tag ID', object: 'tag', description: 'From Tag > Get Many' }],
		body: { contentType: 'json', fields: [{ name: 'name', type: 'string', label: 'Name' }] },
		object: 'tag',
	},
];
