import { parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";

import { ADMIN_API_VERSION } from "../../../app/platform/shopify/api-version";
import { calculateActualQueryCost, calculateRequestedQueryCost } from "./query-cost";
import { loadAdminSchema } from "./schema";

let schema: ReturnType<typeof loadAdminSchema>;

beforeAll(() => {
  schema = loadAdminSchema(ADMIN_API_VERSION);
});

const cost = (source: string, variables: Record<string, unknown> = {}) =>
  calculateRequestedQueryCost({ schema, document: parse(source), variables });

describe("calculated query cost", () => {
  it("charges 0 for scalars and 1 per object", () => {
    expect(cost(`{ shop { name email } }`)).toBe(1);
    expect(cost(`{ shop { name plan { publicDisplayName } } }`)).toBe(2);
    expect(cost(`{ __typename }`)).toBe(0);
  });

  it("charges connections 2 + first x node cost, through nodes, edges and fragments", () => {
    const viaNodes = `query($id: ID!, $n: Int) { customer(id: $id) { orders(first: $n) { nodes { id totalPriceSet { shopMoney { amount } } } } } }`;
    expect(cost(viaNodes, { id: "x", n: 10 })).toBe(1 + 2 + 10 * 3);
    const viaEdges = `{ customer(id: "x") { orders(last: 5) { edges { cursor node { ...O } } pageInfo { hasNextPage } } } } fragment O on Order { id customer { id } }`;
    expect(cost(viaEdges)).toBe(1 + 2 + 5 * 2);
  });

  it("honours variable defaults and @skip", () => {
    const source = `query($n: Int = 4, $skip: Boolean!) { customer(id: "x") { metafields(first: $n) { nodes { key } } amountSpent @skip(if: $skip) { amount } } }`;
    expect(cost(source, { skip: true })).toBe(1 + 2 + 4);
    expect(cost(source, { skip: false })).toBe(1 + 2 + 4 + 1);
  });

  it("charges 10 per mutation field regardless of the payload", () => {
    expect(cost(`mutation { a: dataSaleOptOut(email: "a@example.com") { customerId } b: dataSaleOptOut(email: "b@example.com") { customerId } }`)).toBe(20);
  });

  it("computes actual cost from the nodes returned", () => {
    const document = parse(`{ customer(id: "x") { orders(first: 50) { nodes { id customer { id } } } } }`);
    const data = { customer: { orders: { nodes: [{ id: "1", customer: { id: "x" } }, { id: "2", customer: null }] } } };
    expect(calculateRequestedQueryCost({ schema, document })).toBe(1 + 2 + 50 * 2);
    expect(calculateActualQueryCost({ schema, document }, data)).toBe(1 + 2 + 2 * 2);
    expect(calculateActualQueryCost({ schema, document }, { customer: null })).toBe(1);
  });
});
