import { Kind, NoDeprecatedCustomRule, parse, validate, type OperationDefinitionNode } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";

import { ADMIN_API_VERSION, MAX_SINGLE_QUERY_COST } from "./api-version";
import { findDeprecatedUsages } from "../../../sandbox/admin-api/schema/deprecated-usage";
import { ALL_OPERATIONS, customerOrdersBulkQuery } from "./operations";
import { calculateRequestedQueryCost } from "../../../sandbox/admin-api/schema/query-cost";
import { loadAdminSchema } from "../../../sandbox/admin-api/schema/schema";

let schema: ReturnType<typeof loadAdminSchema>;

beforeAll(() => {
  schema = loadAdminSchema(ADMIN_API_VERSION);
});

function operationsOf(source: string): OperationDefinitionNode[] {
  return parse(source).definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
}

function coordinates(source: string): string[] {
  return findDeprecatedUsages(schema, parse(source)).map((usage) => `${usage.kind} ${usage.coordinate}`);
}

describe(`Admin operations against the ${ADMIN_API_VERSION} schema`, () => {
  it("has unique names", () => {
    const names = ALL_OPERATIONS.map((operation) => operation.name);
    expect(new Set(names).size).toBe(names.length);
  });

  describe.each(ALL_OPERATIONS.map((operation) => [operation.name, operation.document] as const))("%s", (name, source) => {
    it("parses to exactly one operation carrying the listed name", () => {
      const operations = operationsOf(source);
      expect(operations).toHaveLength(1);
      expect(operations[0]?.name?.value).toBe(name);
    });

    it("is valid for the schema", () => {
      expect(validate(schema, parse(source)).map((error) => error.message)).toEqual([]);
    });

    it("uses no deprecated field, argument, input field or enum value", () => {
      const document = parse(source);
      expect(findDeprecatedUsages(schema, document)).toEqual([]);
      // Cross-check with graphql-js' own rule.
      expect(validate(schema, document, [NoDeprecatedCustomRule]).map((error) => error.message)).toEqual([]);
    });

    it("stays under the single-query cost limit with its default variables", () => {
      const cost = calculateRequestedQueryCost({ schema, document: parse(source), variables: {} });
      expect(cost).toBeLessThanOrEqual(MAX_SINGLE_QUERY_COST);
    });
  });

  it("bulk export query is valid and uses nothing deprecated", () => {
    const document = parse(customerOrdersBulkQuery("gid://shopify/Customer/1"));
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    expect(findDeprecatedUsages(schema, document)).toEqual([]);
  });

  it("CustomerOrdersPage costs 678 points with default variables", () => {
    const source = ALL_OPERATIONS.find((operation) => operation.name === "CustomerOrdersPage")?.document ?? "";
    expect(calculateRequestedQueryCost({ schema, document: parse(source), variables: { customerId: "x" } })).toBe(678);
  });
});

describe("deprecation detector", () => {
  it("flags a deprecated field (customer { email }) with its location", () => {
    const document = parse(`query Bad($id: ID!) { customer(id: $id) { id email } }`);
    // Deprecation is not a validation error: only the detector catches it.
    expect(validate(schema, document)).toEqual([]);
    expect(findDeprecatedUsages(schema, document)).toEqual([
      expect.objectContaining({ kind: "field", coordinate: "Customer.email", line: 1, column: 46 }),
    ]);
  });

  it("flags deprecated fields reached through fragments, including the 2026-07 SMS consent trap", () => {
    expect(
      coordinates(`
        query Bad($id: ID!) { customer(id: $id) { ...C } }
        fragment C on Customer { defaultPhoneNumber { phoneNumber marketingState } smsMarketingConsent { marketingState } }
      `),
    ).toEqual(["field CustomerPhoneNumber.marketingState", "field Customer.smsMarketingConsent"]);
  });

  it("flags deprecated arguments, input fields and enum values", () => {
    expect(
      coordinates(`
        query A($id: ID!) { customer(id: $id) { image(size: 10) { url } } currentBulkOperation { id } }
        mutation B { customerUpdate(input: { id: "gid://shopify/Customer/1", addresses: [] }) { userErrors { message } } }
      `),
    ).toEqual([
      "argument Customer.image(size:)",
      "field QueryRoot.currentBulkOperation",
      "inputField CustomerInput.addresses",
    ]);
    expect(coordinates(`query E { themes(first: 1, roles: [MAIN, MOBILE]) { nodes { id } } }`)).toEqual([
      "enumValue ThemeRole.MOBILE",
    ]);
  });
});
