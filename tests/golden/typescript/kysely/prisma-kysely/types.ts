import type { ColumnType } from "kysely";
export type Generated<T> = T extends ColumnType<infer S, infer I, infer U>
  ? ColumnType<S, I | undefined, U>
  : ColumnType<T, T | undefined, T>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

import type { Status, Kind } from "./enums";

export type Order = {
    id: Generated<number>;
    status: Generated<Status>;
    kind: Kind | null;
    total: string;
    placedAt: Timestamp;
    note: string | null;
};
export type OrderLine = {
    orderId: number;
    sku: string;
    quantity: Generated<number>;
};
export type DB = {
    Order: Order;
    OrderLine: OrderLine;
};
