import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * Shopify's bulk query rules (https://shopify.dev/docs/api/usage/bulk-operations/queries):
 * at least one connection, at most five, at most two levels of nested connections, no top-level
 * `node`/`nodes`, no connection inside a list field. Returns error messages; empty when valid.
 */
export function checkBulkQuery(schema: GraphQLSchema, document: DocumentNode): string[] {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operations[0];
  if (operations.length !== 1 || !operation || operation.operation !== "query") {
    return ["Bulk queries must contain exactly one query operation."];
  }
  if ((operation.variableDefinitions ?? []).length > 0) return ["Bulk queries cannot use variables."];
  const root = schema.getQueryType();
  if (!root) return ["Schema has no query type."];

  const errors: string[] = [];
  const fragments = fragmentsOf(document);
  let connections = 0;
  let maxDepth = 0;
  const visitSelections = (type: GraphQLCompositeType, sets: SelectionSetNode[], depth: number, insideList: boolean, atRoot: boolean) => {
    for (const { owner, nodes } of collect(fragments, type, sets).values()) {
      const first = nodes[0];
      if (!first) continue;
      const name = first.name.value;
      if (atRoot && (name === "node" || name === "nodes")) errors.push(`The top-level '${name}' field can't be used in bulk queries.`);
      const fieldDef = fieldOf(owner, name);
      if (!fieldDef) continue;
      const named = getNamedType(fieldDef.type);
      if (!isCompositeType(named)) continue;
      const childSets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
      if (isConnectionType(named)) {
        if (insideList) errors.push(`Queries that contain a connection field within a list field are not supported ('${name}').`);
        connections += 1;
        maxDepth = Math.max(maxDepth, depth + 1);
        const nodeSelection = connectionNodes(fragments, named, childSets);
        if (nodeSelection) visitSelections(nodeSelection.type, nodeSelection.sets, depth + 1, false, false);
      } else {
        visitSelections(named, childSets, depth, insideList || returnsList(fieldDef.type), false);
      }
    }
  };
  visitSelections(root, [operation.selectionSet], 0, false, true);
  if (connections === 0) errors.push("Bulk queries must contain at least one connection.");
  if (connections > 5) errors.push(`Bulk queries cannot contain more than 5 connections (found ${connections}).`);
  if (maxDepth > 2) errors.push(`Bulk queries cannot nest connections more than 2 levels deep (found ${maxDepth}).`);
  return errors;
}

export interface BulkOutput {
  lines: Array<Record<string, unknown>>;
  rootObjectCount: number;
}

/**
 * Turns a bulk query result into Shopify's JSONL shape: every connection node becomes one line,
 * nested connections are lifted out of their parent into lines carrying `__parentId`, and the
 * parent line is written before its children.
 */
export function flattenBulkResult(schema: GraphQLSchema, document: DocumentNode, data: unknown): BulkOutput {
  const root = schema.getQueryType();
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const lines: Array<Record<string, unknown>> = [];
  if (!root || !operation || !isRecord(data)) return { lines, rootObjectCount: 0 };
  const fragments = fragmentsOf(document);

  const walk = (type: GraphQLCompositeType, sets: SelectionSetNode[], value: Record<string, unknown>, parentId: string | undefined): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, { owner, nodes }] of collect(fragments, type, sets)) {
      const first = nodes[0];
      const fieldValue = value[key];
      const fieldDef = first ? fieldOf(owner, first.name.value) : undefined;
      const named = fieldDef ? getNamedType(fieldDef.type) : undefined;
      if (!named || !isCompositeType(named) || fieldValue === null || fieldValue === undefined) {
        out[key] = fieldValue;
        continue;
      }
      const childSets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
      if (isConnectionType(named)) {
        const nodeSelection = connectionNodes(fragments, named, childSets);
        if (!nodeSelection) continue;
        for (const item of connectionItems(fieldValue)) {
          const line: Record<string, unknown> = {};
          lines.push(line);
          const itemId = typeof item.id === "string" ? item.id : undefined;
          Object.assign(line, walk(nodeSelection.type, nodeSelection.sets, item, itemId));
          if (parentId !== undefined) line.__parentId = parentId;
        }
        continue;
      }
      out[key] = Array.isArray(fieldValue)
        ? fieldValue.map((entry: unknown) => (isRecord(entry) ? walk(named, childSets, entry, parentId) : entry))
        : isRecord(fieldValue)
          ? walk(named, childSets, fieldValue, parentId)
          : fieldValue;
    }
    return out;
  };
  walk(root, [operation.selectionSet], data, undefined);
  return { lines, rootObjectCount: lines.filter((line) => !("__parentId" in line)).length };
}

interface Collected {
  owner: GraphQLCompositeType;
  nodes: FieldNode[];
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

function collect(fragments: Map<string, FragmentDefinitionNode>, type: GraphQLCompositeType, sets: SelectionSetNode[]): Map<string, Collected> {
  const fields = new Map<string, Collected>();
  const visit = (owner: GraphQLCompositeType, set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const existing = fields.get(key);
        if (existing) existing.nodes.push(selection);
        else fields.set(key, { owner, nodes: [selection] });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(owner, selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(owner, fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  for (const set of sets) visit(type, set, new Set());
  return fields;
}

function connectionNodes(
  fragments: Map<string, FragmentDefinitionNode>,
  connection: GraphQLCompositeType,
  sets: SelectionSetNode[],
): { type: GraphQLCompositeType; sets: SelectionSetNode[] } | undefined {
  let nodeType: GraphQLCompositeType | undefined;
  const nodeSets: SelectionSetNode[] = [];
  for (const { nodes } of collect(fragments, connection, sets).values()) {
    const name = nodes[0]?.name.value;
    if (name === "nodes") {
      const named = namedComposite(fieldOf(connection, "nodes"));
      if (named) nodeType = named;
      for (const node of nodes) if (node.selectionSet) nodeSets.push(node.selectionSet);
    } else if (name === "edges") {
      const edgeType = namedComposite(fieldOf(connection, "edges"));
      if (!edgeType) continue;
      const edgeSets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
      for (const edgeField of collect(fragments, edgeType, edgeSets).values()) {
        if (edgeField.nodes[0]?.name.value !== "node") continue;
        const named = namedComposite(fieldOf(edgeType, "node"));
        if (named) nodeType = named;
        for (const node of edgeField.nodes) if (node.selectionSet) nodeSets.push(node.selectionSet);
      }
    }
  }
  return nodeType ? { type: nodeType, sets: nodeSets } : undefined;
}

function connectionItems(value: unknown): Array<Record<string, unknown>> {
  if (!isRecord(value)) return [];
  const raw: unknown[] = Array.isArray(value.nodes)
    ? value.nodes
    : Array.isArray(value.edges)
      ? value.edges.map((edge: unknown) => (isRecord(edge) ? edge.node : undefined))
      : [];
  return raw.filter(isRecord);
}

function namedComposite(field: GraphQLField<unknown, unknown> | undefined): GraphQLCompositeType | undefined {
  const named = field ? getNamedType(field.type) : undefined;
  return named && isCompositeType(named) ? named : undefined;
}

function fieldOf(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

function returnsList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

export function isConnectionType(type: GraphQLCompositeType): boolean {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "pageInfo" in fields && ("edges" in fields || "nodes" in fields);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
