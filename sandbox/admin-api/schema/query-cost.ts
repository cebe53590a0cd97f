import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * Shopify's calculated query cost (https://shopify.dev/docs/api/usage/limits#cost-calculation):
 * scalars and enums 0, objects 1, connections 2 + (first|last) x cost of one node, mutations 10.
 * Requested cost is computed from the document before running it; actual cost walks the result
 * and uses the number of nodes really returned. Fields of every inline fragment are counted
 * (an upper bound of Shopify's max-over-possible-types for abstract types).
 */
export const MUTATION_COST = 10;
const CONNECTION_BASE_COST = 2;
const OBJECT_COST = 1;

export interface QueryCostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Readonly<Record<string, unknown>> | null;
}

export function calculateRequestedQueryCost(input: QueryCostInput): number {
  return calculate(input, undefined, false);
}

/** `data` is the `data` member of the execution result. */
export function calculateActualQueryCost(input: QueryCostInput, data: unknown): number {
  return calculate(input, data, true);
}

export function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((operation) => operation.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  actual: boolean;
}

interface CollectedField {
  owner: GraphQLCompositeType;
  nodes: FieldNode[];
}

function calculate(input: QueryCostInput, data: unknown, actual: boolean): number {
  const operation = selectOperation(input.document, input.operationName);
  if (!operation) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of input.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const coerced = getVariableValues(input.schema, operation.variableDefinitions ?? [], { ...(input.variables ?? {}) });
  const variables = coerced.coerced ?? { ...(input.variables ?? {}) };
  const walk: Walk = { schema: input.schema, fragments, variables, actual };

  if (operation.operation === "mutation") {
    const root = input.schema.getMutationType();
    return root ? collectFields(walk, root, operation.selectionSet).size * MUTATION_COST : 0;
  }
  const root = operation.operation === "query" ? input.schema.getQueryType() : input.schema.getSubscriptionType();
  return root ? selectionCost(walk, root, [operation.selectionSet], data) : 0;
}

function selectionCost(walk: Walk, parent: GraphQLCompositeType, selectionSets: SelectionSetNode[], data: unknown): number {
  let total = 0;
  for (const selectionSet of selectionSets) {
    for (const [responseKey, collected] of collectFields(walk, parent, selectionSet)) {
      const value = walk.actual && isRecord(data) ? data[responseKey] : undefined;
      total += fieldCost(walk, collected, value);
    }
  }
  return total;
}

function fieldCost(walk: Walk, collected: CollectedField, value: unknown): number {
  const first = collected.nodes[0];
  if (!first || first.name.value.startsWith("__")) return 0;
  const fieldDef = lookupField(collected.owner, first.name.value);
  if (!fieldDef) return 0;
  const named = getNamedType(fieldDef.type);
  if (!isCompositeType(named)) return 0;
  const subSelections = collected.nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));

  if (isConnection(named)) {
    const connection = named;
    const nodeSelections = connectionNodeSelections(walk, connection, subSelections);
    if (!nodeSelections) return CONNECTION_BASE_COST;
    if (!walk.actual) {
      const args = safeArguments(fieldDef, first, walk.variables);
      const size = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : 0;
      return CONNECTION_BASE_COST + size * (OBJECT_COST + selectionCost(walk, nodeSelections.type, nodeSelections.sets, undefined));
    }
    let total = CONNECTION_BASE_COST;
    for (const node of connectionNodesOf(value)) {
      total += OBJECT_COST + selectionCost(walk, nodeSelections.type, nodeSelections.sets, node);
    }
    return total;
  }

  if (walk.actual) {
    if (value === null || value === undefined) return OBJECT_COST;
    // Lists that are not connections are charged like a single object.
    const sample = Array.isArray(value) ? value.find((item) => item !== null) : value;
    return OBJECT_COST + (sample === undefined ? 0 : selectionCost(walk, named, subSelections, sample));
  }
  return OBJECT_COST + selectionCost(walk, named, subSelections, undefined);
}

/** The node type of a connection and the selection sets that apply to each node (`nodes{}` and `edges{node{}}`). */
function connectionNodeSelections(
  walk: Walk,
  connection: GraphQLCompositeType,
  selectionSets: SelectionSetNode[],
): { type: GraphQLCompositeType; sets: SelectionSetNode[] } | undefined {
  let nodeType: GraphQLCompositeType | undefined;
  const sets: SelectionSetNode[] = [];
  for (const selectionSet of selectionSets) {
    for (const collected of collectFields(walk, connection, selectionSet).values()) {
      const first = collected.nodes[0];
      if (!first) continue;
      const fieldName = first.name.value;
      if (fieldName === "nodes") {
        const fieldDef = lookupField(connection, "nodes");
        const named = fieldDef ? getNamedType(fieldDef.type) : undefined;
        if (named && isCompositeType(named)) nodeType = named;
        for (const node of collected.nodes) if (node.selectionSet) sets.push(node.selectionSet);
      } else if (fieldName === "edges") {
        const edgeDef = lookupField(connection, "edges");
        const edgeType = edgeDef ? getNamedType(edgeDef.type) : undefined;
        if (!edgeType || !isCompositeType(edgeType)) continue;
        for (const edgeNode of collected.nodes) {
          if (!edgeNode.selectionSet) continue;
          for (const edgeField of collectFields(walk, edgeType, edgeNode.selectionSet).values()) {
            const edgeFirst = edgeField.nodes[0];
            if (edgeFirst?.name.value !== "node") continue;
            const nodeDef = lookupField(edgeType, "node");
            const named = nodeDef ? getNamedType(nodeDef.type) : undefined;
            if (named && isCompositeType(named)) nodeType = named;
            for (const node of edgeField.nodes) if (node.selectionSet) sets.push(node.selectionSet);
          }
        }
      }
    }
  }
  return nodeType ? { type: nodeType, sets } : undefined;
}

function connectionNodesOf(value: unknown): unknown[] {
  if (!isRecord(value)) return [];
  if (Array.isArray(value.nodes)) return value.nodes;
  if (Array.isArray(value.edges)) {
    return value.edges.map((edge: unknown) => (isRecord(edge) ? edge.node : undefined)).filter((node) => node !== undefined);
  }
  return [];
}

function collectFields(walk: Walk, parent: GraphQLCompositeType, selectionSet: SelectionSetNode): Map<string, CollectedField> {
  const fields = new Map<string, CollectedField>();
  const visited = new Set<string>();
  const visitSet = (owner: GraphQLCompositeType, set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!shouldInclude(walk, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const existing = fields.get(key);
        if (existing) existing.nodes.push(selection);
        else fields.set(key, { owner, nodes: [selection] });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visitSet(conditionType(walk, selection.typeCondition?.name.value) ?? owner, selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = walk.fragments.get(name);
        if (!fragment || visited.has(name)) continue;
        visited.add(name);
        visitSet(conditionType(walk, fragment.typeCondition.name.value) ?? owner, fragment.selectionSet);
      }
    }
  };
  visitSet(parent, selectionSet);
  return fields;
}

function conditionType(walk: Walk, name: string | undefined): GraphQLCompositeType | undefined {
  if (!name) return undefined;
  const type = walk.schema.getType(name);
  return type && isCompositeType(type) ? type : undefined;
}

function shouldInclude(walk: Walk, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, walk.variables)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, node, walk.variables)?.if === false) return false;
  } catch {
    // Invalid directive arguments are reported by validation/execution, not by costing.
  }
  return true;
}

function lookupField(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

function isConnection(type: GraphQLNamedType): type is GraphQLCompositeType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "pageInfo" in fields && ("edges" in fields || "nodes" in fields);
}

function safeArguments(fieldDef: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(fieldDef, node, variables);
  } catch {
    return {};
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
