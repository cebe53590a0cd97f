/** Who is acting in the admin, and in which shop: every admin query is scoped to `shop`. */
export interface StaffContext {
  shop: string;
  staffId: string | null;
}
