/**
 * Deterministic sandbox shop data for the Admin API stand-in. Every person is fictional: names like
 * "Ada Example", emails at example.com, phone numbers in the reserved 555-01xx range.
 */

export type EmailMarketingState = "INVALID" | "NOT_SUBSCRIBED" | "PENDING" | "SUBSCRIBED" | "UNSUBSCRIBED" | "REDACTED";
export type SmsMarketingState = "NOT_SUBSCRIBED" | "PENDING" | "REDACTED" | "SUBSCRIBED" | "UNSUBSCRIBED";
export type MarketingOptInLevel = "CONFIRMED_OPT_IN" | "SINGLE_OPT_IN" | "UNKNOWN";
export type CustomerState = "DECLINED" | "DISABLED" | "ENABLED" | "INVITED";
export type FinancialStatus = "AUTHORIZED" | "EXPIRED" | "PAID" | "PARTIALLY_PAID" | "PARTIALLY_REFUNDED" | "PENDING" | "REFUNDED" | "VOIDED";
export type FulfillmentStatus = "FULFILLED" | "IN_PROGRESS" | "ON_HOLD" | "OPEN" | "PARTIALLY_FULFILLED" | "UNFULFILLED";

export interface SeedMailingAddress {
  /** `gid://shopify/MailingAddress/<n>?model_name=CustomerAddress` for customer addresses. */
  id: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  /** A `CountryCode` enum value. */
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

export interface SeedMetafield {
  id: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface SeedCustomer {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  emailMarketingState: EmailMarketingState;
  emailMarketingOptInLevel: MarketingOptInLevel | null;
  emailMarketingUpdatedAt: string | null;
  /** E.164. */
  phone: string | null;
  smsMarketingState: SmsMarketingState;
  smsMarketingOptInLevel: MarketingOptInLevel | null;
  smsMarketingUpdatedAt: string | null;
  addresses: SeedMailingAddress[];
  defaultAddressId: string | null;
  tags: string[];
  note: string | null;
  locale: string;
  state: CustomerState;
  verifiedEmail: boolean;
  taxExempt: boolean;
  dataSaleOptOut: boolean;
  metafields: SeedMetafield[];
  createdAt: string;
  updatedAt: string;
}

export interface SeedLineItem {
  id: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  /** Decimal string in the shop currency. */
  unitPrice: string;
}

export interface SeedOrder {
  id: string;
  /** `null` once the customer was erased or for guest checkouts. */
  customerId: string | null;
  name: string;
  number: number;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  lineItems: SeedLineItem[];
  shippingAddress: SeedMailingAddress | null;
  billingAddress: SeedMailingAddress | null;
  test: boolean;
}

export interface SeedShop {
  id: string;
  /** `*.myshopify.com`. */
  domain: string;
  name: string;
  email: string;
  contactEmail: string;
  ianaTimezone: string;
  /** A `CurrencyCode` enum value; all money in the shop uses it. */
  currencyCode: string;
  plan: { publicDisplayName: string; partnerDevelopment: boolean; shopifyPlus: boolean };
  /**
   * Tokens that authenticate as this shop, one per app installation (erasure requests remember
   * which one asked). When omitted, any non-empty token is accepted for requests routed to this
   * shop (see resolveShop in server.ts).
   */
  accessTokens?: string[];
  /**
   * Whether the app is approved for protected customer data (levels 1+2). When `false`, names,
   * emails, phones and addresses resolve to `null` with `ACCESS_DENIED` entries in `errors[]`.
   * Default `true`.
   */
  protectedDataGranted?: boolean;
  /**
   * Granted access scopes. When set, fields whose `requiredAccess` is not met fail with
   * `ACCESS_DENIED`, and without `read_all_orders` only the last 60 days of orders are visible.
   * When omitted, every scope is granted.
   */
  scopes?: string[];
  /** The shop's locales (`shopLocales`); default: English, primary and published. */
  locales?: SeedShopLocale[];
  customers: SeedCustomer[];
  orders: SeedOrder[];
}

export interface SeedShopLocale {
  /** ISO code as Shopify gives it, e.g. "de", "pt-BR". */
  locale: string;
  primary: boolean;
  published: boolean;
}

export interface SeedData {
  shops: SeedShop[];
}

export const SANDBOX_SHOP_DOMAIN = "privacy-desk-sandbox.myshopify.com";
export const SANDBOX_ACCESS_TOKEN = "shpat_sandbox_0000000000000000";
/** A second app installed on the sandbox shop (for "only the requesting app may cancel"). */
export const SANDBOX_OTHER_APP_TOKEN = "shpat_sandbox_other_app_00000";

export const SANDBOX_CUSTOMERS = {
  /** Marketing-subscribed, two addresses, metafields, a few orders. */
  ada: "gid://shopify/Customer/7000000001",
  /** 260 orders: exercises pagination past 250. */
  grace: "gid://shopify/Customer/7000000002",
  /** No orders, no phone, no addresses. */
  alan: "gid://shopify/Customer/7000000003",
  /** Already opted out of data sale, email unsubscribed. */
  linus: "gid://shopify/Customer/7000000004",
  /** Phone only, no email; disabled account. */
  margaret: "gid://shopify/Customer/7000000005",
} as const;

export const GRACE_ORDER_COUNT = 260;

const CATALOG: ReadonlyArray<{ title: string; variantTitle: string | null; sku: string; price: string }> = [
  { title: "Plain Test Mug", variantTitle: "White", sku: "MUG-WHT", price: "12.00" },
  { title: "Sample Tote Bag", variantTitle: null, sku: "TOTE-01", price: "18.50" },
  { title: "Example Socks", variantTitle: "M / Grey", sku: "SOCK-M-GRY", price: "9.95" },
  { title: "Placeholder Notebook", variantTitle: "A5", sku: "NOTE-A5", price: "6.25" },
  { title: "Demo Water Bottle", variantTitle: "750 ml", sku: "BTL-750", price: "22.00" },
];

function isoDay(base: string, days: number, hours = 0): string {
  return new Date(Date.parse(base) + (days * 24 + hours) * 3_600_000).toISOString();
}

interface AddressParts {
  firstName: string;
  lastName: string;
  address1: string;
  city: string;
  province: string | null;
  provinceCode: string | null;
  country: string;
  countryCode: string;
  zip: string;
  phone: string | null;
}

function address(id: number, parts: AddressParts, customerAddress: boolean): SeedMailingAddress {
  return {
    id: `gid://shopify/MailingAddress/${id}${customerAddress ? "?model_name=CustomerAddress" : ""}`,
    company: null,
    address2: null,
    ...parts,
  };
}

const ADA_HOME: AddressParts = {
  firstName: "Ada",
  lastName: "Example",
  address1: "1 Example Street",
  city: "Springfield",
  province: "Oregon",
  provinceCode: "OR",
  country: "United States",
  countryCode: "US",
  zip: "97403",
  phone: "+12125550101",
};

const ADA_WORK: AddressParts = {
  ...ADA_HOME,
  address1: "100 Sample Avenue",
  city: "Portland",
  zip: "97201",
  phone: null,
};

const GRACE_HOME: AddressParts = {
  firstName: "Grace",
  lastName: "Sample",
  address1: "42 Placeholder Road",
  city: "Testville",
  province: null,
  provinceCode: null,
  country: "Germany",
  countryCode: "DE",
  zip: "10115",
  phone: "+12125550102",
};

const LINUS_HOME: AddressParts = {
  firstName: "Linus",
  lastName: "Testperson",
  address1: "7 Fictional Lane",
  city: "Toronto",
  province: "Ontario",
  provinceCode: "ON",
  country: "Canada",
  countryCode: "CA",
  zip: "M5V 2T6",
  phone: "+14165550104",
};

const MARGARET_HOME: AddressParts = {
  firstName: "Margaret",
  lastName: "Demo",
  address1: "9 Mock Street",
  city: "Springfield",
  province: "Illinois",
  provinceCode: "IL",
  country: "United States",
  countryCode: "US",
  zip: "62701",
  phone: "+12125550105",
};

function metafield(id: number, namespace: string, key: string, type: string, value: string, at: string): SeedMetafield {
  return { id: `gid://shopify/Metafield/${id}`, namespace, key, type, value, createdAt: at, updatedAt: at };
}

/** A fresh copy of the sandbox data; callers may mutate it before starting the stand-in. */
export function createSandboxSeed(options: { protectedDataGranted?: boolean; scopes?: string[]; locales?: SeedShopLocale[] } = {}): SeedData {
  const customers: SeedCustomer[] = [
    {
      id: SANDBOX_CUSTOMERS.ada,
      firstName: "Ada",
      lastName: "Example",
      email: "ada.example@example.com",
      emailMarketingState: "SUBSCRIBED",
      emailMarketingOptInLevel: "CONFIRMED_OPT_IN",
      emailMarketingUpdatedAt: "2024-02-01T09:00:00.000Z",
      phone: "+12125550101",
      smsMarketingState: "SUBSCRIBED",
      smsMarketingOptInLevel: "SINGLE_OPT_IN",
      smsMarketingUpdatedAt: "2024-02-01T09:00:00.000Z",
      addresses: [address(8000000001, ADA_HOME, true), address(8000000002, ADA_WORK, true)],
      defaultAddressId: "gid://shopify/MailingAddress/8000000001?model_name=CustomerAddress",
      tags: ["newsletter", "vip"],
      note: "Prefers email contact.",
      locale: "en",
      state: "ENABLED",
      verifiedEmail: true,
      taxExempt: false,
      dataSaleOptOut: false,
      metafields: [
        metafield(9100000001, "custom", "shoe_size", "number_integer", "38", "2024-01-15T10:00:00.000Z"),
        metafield(9100000002, "custom", "birthday", "date", "1990-12-10", "2024-01-15T10:00:00.000Z"),
        metafield(9100000003, "loyalty", "tier", "single_line_text_field", "gold", "2024-03-01T10:00:00.000Z"),
      ],
      createdAt: "2024-01-15T10:00:00.000Z",
      updatedAt: "2024-03-01T10:00:00.000Z",
    },
    {
      id: SANDBOX_CUSTOMERS.grace,
      firstName: "Grace",
      lastName: "Sample",
      email: "grace.sample@example.com",
      emailMarketingState: "NOT_SUBSCRIBED",
      emailMarketingOptInLevel: null,
      emailMarketingUpdatedAt: null,
      phone: "+12125550102",
      smsMarketingState: "NOT_SUBSCRIBED",
      smsMarketingOptInLevel: null,
      smsMarketingUpdatedAt: null,
      addresses: [address(8000000003, GRACE_HOME, true)],
      defaultAddressId: "gid://shopify/MailingAddress/8000000003?model_name=CustomerAddress",
      tags: ["wholesale"],
      note: null,
      locale: "de",
      state: "ENABLED",
      verifiedEmail: true,
      taxExempt: true,
      dataSaleOptOut: false,
      metafields: [],
      createdAt: "2023-01-01T08:00:00.000Z",
      updatedAt: "2023-01-01T08:00:00.000Z",
    },
    {
      id: SANDBOX_CUSTOMERS.alan,
      firstName: "Alan",
      lastName: "Placeholder",
      email: "alan.placeholder@example.com",
      emailMarketingState: "NOT_SUBSCRIBED",
      emailMarketingOptInLevel: null,
      emailMarketingUpdatedAt: null,
      phone: null,
      smsMarketingState: "NOT_SUBSCRIBED",
      smsMarketingOptInLevel: null,
      smsMarketingUpdatedAt: null,
      addresses: [],
      defaultAddressId: null,
      tags: [],
      note: null,
      locale: "en",
      state: "INVITED",
      verifiedEmail: false,
      taxExempt: false,
      dataSaleOptOut: false,
      metafields: [],
      createdAt: "2024-05-20T12:00:00.000Z",
      updatedAt: "2024-05-20T12:00:00.000Z",
    },
    {
      id: SANDBOX_CUSTOMERS.linus,
      firstName: "Linus",
      lastName: "Testperson",
      email: "linus.testperson@example.com",
      emailMarketingState: "UNSUBSCRIBED",
      emailMarketingOptInLevel: "SINGLE_OPT_IN",
      emailMarketingUpdatedAt: "2024-04-02T16:30:00.000Z",
      phone: "+14165550104",
      smsMarketingState: "UNSUBSCRIBED",
      smsMarketingOptInLevel: "SINGLE_OPT_IN",
      smsMarketingUpdatedAt: "2024-04-02T16:30:00.000Z",
      addresses: [address(8000000004, LINUS_HOME, true)],
      defaultAddressId: "gid://shopify/MailingAddress/8000000004?model_name=CustomerAddress",
      tags: ["ccpa-request"],
      note: "Asked not to have data sold (sandbox).",
      locale: "fr",
      state: "ENABLED",
      verifiedEmail: true,
      taxExempt: false,
      dataSaleOptOut: true,
      metafields: [metafield(9100000004, "custom", "preferred_store", "single_line_text_field", "Toronto", "2024-04-02T16:30:00.000Z")],
      createdAt: "2024-03-10T11:00:00.000Z",
      updatedAt: "2024-04-02T16:30:00.000Z",
    },
    {
      id: SANDBOX_CUSTOMERS.margaret,
      firstName: "Margaret",
      lastName: "Demo",
      email: null,
      emailMarketingState: "NOT_SUBSCRIBED",
      emailMarketingOptInLevel: null,
      emailMarketingUpdatedAt: null,
      phone: "+12125550105",
      smsMarketingState: "PENDING",
      smsMarketingOptInLevel: "CONFIRMED_OPT_IN",
      smsMarketingUpdatedAt: "2024-06-01T08:00:00.000Z",
      addresses: [address(8000000005, MARGARET_HOME, true)],
      defaultAddressId: "gid://shopify/MailingAddress/8000000005?model_name=CustomerAddress",
      tags: [],
      note: null,
      locale: "en",
      state: "DISABLED",
      verifiedEmail: false,
      taxExempt: false,
      dataSaleOptOut: false,
      metafields: [],
      createdAt: "2024-06-01T08:00:00.000Z",
      updatedAt: "2024-06-01T08:00:00.000Z",
    },
  ];

  const orders: SeedOrder[] = [];
  let orderNumber = 1001;
  let lineItemId = 9300000001;
  let orderAddressId = 8100000001;
  const addOrder = (customer: SeedCustomer, home: AddressParts, createdAt: string, index: number, overrides: Partial<SeedOrder> = {}) => {
    const lineCount = 1 + (index % 3);
    const lineItems: SeedLineItem[] = [];
    for (let line = 0; line < lineCount; line += 1) {
      const product = CATALOG[(index + line) % CATALOG.length];
      if (!product) continue;
      lineItems.push({
        id: `gid://shopify/LineItem/${lineItemId++}`,
        title: product.title,
        variantTitle: product.variantTitle,
        sku: product.sku,
        quantity: 1 + ((index + line) % 2),
        unitPrice: product.price,
      });
    }
    const number = orderNumber++;
    orders.push({
      id: `gid://shopify/Order/${5000000000 + number}`,
      customerId: customer.id,
      name: `#${number}`,
      number,
      createdAt,
      processedAt: createdAt,
      updatedAt: createdAt,
      cancelledAt: null,
      email: customer.email,
      phone: customer.phone,
      note: null,
      tags: [],
      financialStatus: "PAID",
      fulfillmentStatus: "FULFILLED",
      lineItems,
      shippingAddress: address(orderAddressId++, home, false),
      billingAddress: address(orderAddressId++, home, false),
      test: false,
      ...overrides,
    });
  };

  const [ada, grace, , linus, margaret] = customers;
  if (!ada || !grace || !linus || !margaret) throw new Error("sandbox seed customers missing");
  addOrder(ada, ADA_HOME, "2024-02-03T14:00:00.000Z", 0, { note: "Gift wrap, please." });
  addOrder(ada, ADA_HOME, "2024-03-12T09:30:00.000Z", 1, { tags: ["repeat"] });
  addOrder(ada, ADA_HOME, "2024-05-28T17:45:00.000Z", 2, {
    cancelledAt: "2024-05-29T08:00:00.000Z",
    financialStatus: "REFUNDED",
    fulfillmentStatus: "UNFULFILLED",
  });
  for (let index = 0; index < GRACE_ORDER_COUNT; index += 1) {
    addOrder(grace, GRACE_HOME, isoDay("2023-01-02T10:00:00.000Z", index * 1.5), index);
  }
  addOrder(linus, LINUS_HOME, "2024-03-11T13:15:00.000Z", 0);
  addOrder(margaret, MARGARET_HOME, "2024-06-02T10:00:00.000Z", 1, { email: null, fulfillmentStatus: "UNFULFILLED" });

  return {
    shops: [
      {
        id: "gid://shopify/Shop/6000000001",
        domain: SANDBOX_SHOP_DOMAIN,
        name: "Privacy Desk Sandbox",
        email: "owner@example.com",
        contactEmail: "support@example.com",
        ianaTimezone: "Europe/Berlin",
        currencyCode: "EUR",
        plan: { publicDisplayName: "Development", partnerDevelopment: true, shopifyPlus: false },
        accessTokens: [SANDBOX_ACCESS_TOKEN, SANDBOX_OTHER_APP_TOKEN],
        protectedDataGranted: options.protectedDataGranted ?? true,
        scopes: options.scopes,
        locales: options.locales,
        customers,
        orders,
      },
    ],
  };
}
