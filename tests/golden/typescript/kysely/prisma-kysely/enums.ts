export const Status = {
    DRAFT: "DRAFT",
    PLACED: "PLACED",
    CANCELLED: "CANCELLED"
} as const;
export type Status = (typeof Status)[keyof typeof Status];
export enum Kind {
    Retail = "retail",
    Wholesale = "wholesale"
}
