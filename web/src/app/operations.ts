/**
 * The app's operations, by name, from the `.graphql` files codegen types them from: each document is cut down to
 * one operation and the fragments it spreads, because a request names no operation when it sends one.
 */
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode } from 'graphql';
import giftCodes from '../graphql/gift-codes.graphql?raw';
import giftCodeAdmin from '../graphql/gift-code-admin.graphql?raw';
import loyalty from '../graphql/loyalty.graphql?raw';
import registration from '../graphql/registration.graphql?raw';
import rewards from '../graphql/rewards.graphql?raw';

const definitions: DefinitionNode[] = [giftCodes, giftCodeAdmin, rewards, loyalty, registration].flatMap(
  (source) => parse(source).definitions,
);
const fragments = new Map(
  definitions
    .filter((node): node is FragmentDefinitionNode => node.kind === Kind.FRAGMENT_DEFINITION)
    .map((node) => [node.name.value, node]),
);

export function operation(name: string): string {
  const root = definitions.find((node) => node.kind === Kind.OPERATION_DEFINITION && node.name?.value === name);
  if (!root) throw new Error(`No operation ${name} in web/src/graphql`);
  const needed = new Map<string, FragmentDefinitionNode>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !needed.has(fragment.name.value)) {
          needed.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(root);
  return [root, ...needed.values()].map((node) => print(node)).join('\n');
}
