// Operations the stand-in's own tests send to probe it (marketing consent, shop fields). The app
// sends none of them, so they live here, not in app/platform/shopify/operations.ts; the stand-in
// validates each against the pinned Admin schema when it runs them.
/** Variables: `input: CustomerEmailMarketingConsentUpdateInput!` (marketingState SUBSCRIBED | UNSUBSCRIBED | PENDING). */
export const CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE = /* GraphQL */ `
  mutation CustomerEmailMarketingConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {
    customerEmailMarketingConsentUpdate(input: $input) {
      customer {
        id
        defaultEmailAddress {
          marketingState
          marketingOptInLevel
          marketingUpdatedAt
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** Variables: `input: CustomerSmsMarketingConsentUpdateInput!`. The customer needs a phone number. */
export const CUSTOMER_SMS_MARKETING_CONSENT_UPDATE = /* GraphQL */ `
  mutation CustomerSmsMarketingConsentUpdate($input: CustomerSmsMarketingConsentUpdateInput!) {
    customerSmsMarketingConsentUpdate(input: $input) {
      customer {
        id
        updatedAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const SHOP_INFO = /* GraphQL */ `
  query ShopInfo {
    shop {
      id
      name
      email
      contactEmail
      ianaTimezone
      myshopifyDomain
      currencyCode
      plan {
        publicDisplayName
        partnerDevelopment
        shopifyPlus
      }
    }
  }
`;

export const PROBE_OPERATIONS = [
  { name: "CustomerEmailMarketingConsentUpdate", document: CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE },
  { name: "CustomerSmsMarketingConsentUpdate", document: CUSTOMER_SMS_MARKETING_CONSENT_UPDATE },
  { name: "ShopInfo", document: SHOP_INFO },
] as const;
