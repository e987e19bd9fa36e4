import { Kind, type GraphQLSchema } from 'graphql';

/**
 * The schema's @aws_subscribe(mutations: [...]) directives, read once: for each mutation field, the subscription
 * fields its success publishes to.
 */
export function subscribersByMutation(schema: GraphQLSchema): Map<string, string[]> {
  const byMutation = new Map<string, string[]>();
  const subscription = schema.getSubscriptionType();
  for (const field of Object.values(subscription?.getFields() ?? {})) {
    const directive = field.astNode?.directives?.find((node) => node.name.value === 'aws_subscribe');
    const mutations = directive?.arguments?.find((argument) => argument.name.value === 'mutations')?.value;
    const names =
      mutations?.kind === Kind.LIST ? mutations.values.flatMap((value) => (value.kind === Kind.STRING ? [value.value] : [])) : [];
    for (const mutation of names) byMutation.set(mutation, [...(byMutation.get(mutation) ?? []), field.name]);
  }
  return byMutation;
}
