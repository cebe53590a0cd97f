/**
 * Named Admin GraphQL operations used by the app, pinned to ADMIN_API_VERSION (2026-07).
 * operations.test.ts validates each one against the real schema and rejects deprecated fields.
 *
 * 2026-07 schema notes that shaped these documents:
 * - `CustomerPhoneNumber.marketingState` is deprecated ("use smsMarketingConsent.state") but its
 *   replacement `CustomerPhoneNumber.smsMarketingConsent` only appears in 2026-10, and
 *   `Customer.smsMarketingConsent` is deprecated in favour of the former. So 2026-07 cannot read a
 *   customer's SMS consent state without a deprecated field; the export leaves it out. Writing it
 *   (`customerSmsMarketingConsentUpdate`) is not deprecated.
 * - `currentBulkOperation` is deprecated; a bulk operation is polled with `bulkOperation(id:)`.
 * - `bulkOperationRunQuery` takes `groupObjects: Boolean!` (default false).
 * - Data-sale opt-out is its own mutation, `dataSaleOptOut(email:)` (scope `write_privacy_settings`);
 *   `CustomerInput` has no `dataSaleOptOut` field, so `customerUpdate` cannot set it.
 * - `customerUpdate` rejects marketing consent: use the two consent mutations.
 */

const MAILING_ADDRESS_FIELDS = /* GraphQL */ `
  fragment MailingAddressFields on MailingAddress {
    id
    firstName
    lastName
    company
    address1
    address2
    city
    province
    provinceCode
    country
    countryCodeV2
    zip
    phone
  }
`;

/**
 * Variables: `id: ID!`, `addressesFirst: Int` (default 50), `addressesAfter: String`,
 * `metafieldsFirst: Int` (default 50), `metafieldsAfter: String`. Marketing consent is
 * `defaultEmailAddress.marketing*` (SMS consent is not readable in 2026-07 without a deprecated field).
 */
export const CUSTOMER_EXPORT = /* GraphQL */ `
  query CustomerExport($id: ID!, $addressesFirst: Int = 50, $addressesAfter: String, $metafieldsFirst: Int = 50, $metafieldsAfter: String) {
    customer(id: $id) {
      id
      firstName
      lastName
      displayName
      defaultEmailAddress {
        emailAddress
        marketingState
        marketingOptInLevel
        marketingUpdatedAt
      }
      defaultPhoneNumber {
        phoneNumber
      }
      defaultAddress {
        ...MailingAddressFields
      }
      addressesV2(first: $addressesFirst, after: $addressesAfter) {
        nodes {
          ...MailingAddressFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      tags
      note
      locale
      state
      verifiedEmail
      taxExempt
      dataSaleOptOut
      amountSpent {
        amount
        currencyCode
      }
      numberOfOrders
      createdAt
      updatedAt
      metafields(first: $metafieldsFirst, after: $metafieldsAfter) {
        nodes {
          namespace
          key
          type
          value
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${MAILING_ADDRESS_FIELDS}
`;

/**
 * Variables: `customerId: ID!`, `first: Int` (default 25), `after: String`, `lineItemsFirst: Int` (default 20).
 * Requested cost with the defaults is 2 + 25 x 27 + 1 = 678 (limit 1000 per query); keep
 * `first x (7 + lineItemsFirst)` under ~990.
 */
export const CUSTOMER_ORDERS_PAGE = /* GraphQL */ `
  query CustomerOrdersPage($customerId: ID!, $first: Int = 25, $after: String, $lineItemsFirst: Int = 20) {
    customer(id: $customerId) {
      id
      orders(first: $first, after: $after, sortKey: CREATED_AT) {
        nodes {
          id
          name
          createdAt
          processedAt
          cancelledAt
          email
          phone
          note
          tags
          displayFinancialStatus
          displayFulfillmentStatus
          totalPriceSet {
            shopMoney {
              amount
              currencyCode
            }
          }
          lineItems(first: $lineItemsFirst) {
            nodes {
              title
              variantTitle
              sku
              quantity
            }
            pageInfo {
              hasNextPage
            }
          }
          shippingAddress {
            ...MailingAddressFields
          }
          billingAddress {
            ...MailingAddressFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${MAILING_ADDRESS_FIELDS}
`;

/**
 * The query a bulk export runs (bulk queries take no variables, so the id is inlined; connections
 * need no `first`). Pass the result as `query` to CUSTOMER_BULK_ORDERS_EXPORT.
 */
export function customerOrdersBulkQuery(customerId: string): string {
  return /* GraphQL */ `
  {
    customer(id: ${JSON.stringify(customerId)}) {
      orders {
        edges {
          node {
            id
            name
            createdAt
            processedAt
            cancelledAt
            email
            phone
            note
            tags
            displayFinancialStatus
            displayFulfillmentStatus
            totalPriceSet {
              shopMoney {
                amount
                currencyCode
              }
            }
            shippingAddress {
              ...MailingAddressFields
            }
            billingAddress {
              ...MailingAddressFields
            }
            lineItems {
              edges {
                node {
                  id
                  title
                  variantTitle
                  sku
                  quantity
                }
              }
            }
          }
        }
      }
    }
  }
  ${MAILING_ADDRESS_FIELDS}
`;
}

/** Variables: `query: String!` (see customerOrdersBulkQuery). */
export const CUSTOMER_BULK_ORDERS_EXPORT = /* GraphQL */ `
  mutation CustomerBulkOrdersExport($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation {
        id
        status
        createdAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** Variables: `id: ID!` (the BulkOperation gid). `url` is the JSONL result once COMPLETED. */
export const BULK_OPERATION_STATUS = /* GraphQL */ `
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      createdAt
      completedAt
      objectCount
      rootObjectCount
      fileSize
      url
      partialDataUrl
    }
  }
`;

/** Variables: `customerId: ID!`. Needs scope `write_customer_data_erasure`. */
export const CUSTOMER_REQUEST_DATA_ERASURE = /* GraphQL */ `
  mutation CustomerRequestDataErasure($customerId: ID!) {
    customerRequestDataErasure(customerId: $customerId) {
      customerId
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** Variables: `customerId: ID!`. Only the app that requested the erasure may cancel it. */
export const CUSTOMER_CANCEL_DATA_ERASURE = /* GraphQL */ `
  mutation CustomerCancelDataErasure($customerId: ID!) {
    customerCancelDataErasure(customerId: $customerId) {
      customerId
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/**
 * Variables: `input: CustomerInput!` with `id` set. `tags` replaces the whole list. Marketing
 * consent is rejected here; use the consent mutations below.
 */
export const CUSTOMER_RECTIFY = /* GraphQL */ `
  mutation CustomerRectify($input: CustomerInput!) {
    customerUpdate(input: $input) {
      customer {
        id
        updatedAt
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** Variables: `email: String!`. Needs scope `write_privacy_settings`; there is no by-id variant in 2026-07. */
export const CUSTOMER_SALE_OPT_OUT = /* GraphQL */ `
  mutation CustomerSaleOptOut($email: String!) {
    dataSaleOptOut(email: $email) {
      customerId
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** The shop's time zone, in which the admin shows every time (app/modules/shop-profile). */
/** Needs scope `read_locales`. The primary locale is the storefront's default language. */
export const SHOP_PRIMARY_LOCALE = /* GraphQL */ `
  query ShopPrimaryLocale {
    shopLocales(published: true) {
      locale
      primary
    }
  }
`;

export const SHOP_TIMEZONE = /* GraphQL */ `
  query ShopTimezone {
    shop {
      ianaTimezone
    }
  }
`;

/**
 * Variables: `email: String!`. The Shopify customer a verified guest's email belongs to, if any
 * (`customerByIdentifier`, not a `customers(query:)` search: an exact match, no search syntax).
 */
export const CUSTOMER_BY_EMAIL = /* GraphQL */ `
  query CustomerByEmail($email: String!) {
    customerByIdentifier(identifier: { emailAddress: $email }) {
      id
    }
  }
`;

/** Variables: `id: ID!`. The fields a rectification can change, for the merchant to compare. */
export const CUSTOMER_CURRENT_VALUES = /* GraphQL */ `
  query CustomerCurrentValues($id: ID!) {
    customer(id: $id) {
      id
      firstName
      lastName
      dataSaleOptOut
      defaultEmailAddress {
        emailAddress
      }
      defaultPhoneNumber {
        phoneNumber
      }
    }
  }
`;

export type AdminOperationName =
  | "CustomerByEmail"
  | "CustomerCurrentValues"
  | "CustomerExport"
  | "CustomerOrdersPage"
  | "CustomerBulkOrdersExport"
  | "BulkOperationStatus"
  | "CustomerRequestDataErasure"
  | "CustomerCancelDataErasure"
  | "CustomerRectify"
  | "CustomerEmailMarketingConsentUpdate"
  | "CustomerSmsMarketingConsentUpdate"
  | "CustomerSaleOptOut"
  | "ShopInfo"
  | "ShopTimezone"
  | "ShopPrimaryLocale";

export interface AdminOperation {
  name: AdminOperationName;
  document: string;
}

export const ALL_OPERATIONS: readonly AdminOperation[] = [
  { name: "CustomerByEmail", document: CUSTOMER_BY_EMAIL },
  { name: "CustomerCurrentValues", document: CUSTOMER_CURRENT_VALUES },
  { name: "CustomerExport", document: CUSTOMER_EXPORT },
  { name: "CustomerOrdersPage", document: CUSTOMER_ORDERS_PAGE },
  { name: "CustomerBulkOrdersExport", document: CUSTOMER_BULK_ORDERS_EXPORT },
  { name: "BulkOperationStatus", document: BULK_OPERATION_STATUS },
  { name: "CustomerRequestDataErasure", document: CUSTOMER_REQUEST_DATA_ERASURE },
  { name: "CustomerCancelDataErasure", document: CUSTOMER_CANCEL_DATA_ERASURE },
  { name: "CustomerRectify", document: CUSTOMER_RECTIFY },
  { name: "CustomerSaleOptOut", document: CUSTOMER_SALE_OPT_OUT },
  { name: "ShopTimezone", document: SHOP_TIMEZONE },
  { name: "ShopPrimaryLocale", document: SHOP_PRIMARY_LOCALE },
];
