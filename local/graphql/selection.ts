import { Kind, print, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * ctx.info.selectionSetList: the selected fields below the current one, by alias, as `/` paths
 * (`items`, `items/id`), fragments inlined.
 */
export function selectionSetList(info: GraphQLResolveInfo): string[] {
  const paths: string[] = [];
  for (const node of info.fieldNodes) if (node.selectionSet) collect(node.selectionSet, '', info.fragments, paths);
  return [...new Set(paths)];
}

function collect(set: SelectionSetNode, prefix: string, fragments: Record<string, FragmentDefinitionNode>, out: string[]): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '__typename') continue;
      const path = prefix + (selection.alias ?? selection.name).value;
      out.push(path);
      if (selection.selectionSet) collect(selection.selectionSet, `${path}/`, fragments, out);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, prefix, fragments, out);
    } else {
      const fragment = fragments[selection.name.value];
      if (fragment) collect(fragment.selectionSet, prefix, fragments, out);
    }
  }
}

/** ctx.info.selectionSetGraphQL: the current field's selection set as GraphQL text. */
export function selectionSetGraphQL(info: GraphQLResolveInfo): string {
  const node = info.fieldNodes[0];
  return node.selectionSet ? print(node.selectionSet) : '';
}
