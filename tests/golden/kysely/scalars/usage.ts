// Type-level checks of the decisions the generated types encode (tsc --strict must accept this file).
import type { Insertable, Selectable, Updateable } from "kysely";
import type { DB } from "./types.ts";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
const same = <A, B>(_: Equal<A, B>) => {};

type Everything = Selectable<DB["everything"]>;
type Natives = Selectable<DB["Natives"]>;
type Documents = Selectable<DB["Documents"]>;

// BigInt and Decimal come back from `pg` as strings; numeric[] as numbers.
same<Everything["big"], string>(true);
same<Everything["money"], string>(true);
same<Everything["decimals"], number[] | null>(true);
same<Everything["bigs"], string[] | null>(true);
// An enum array comes back as the array literal text unless a parser is registered.
same<Everything["statusList"], string | null>(true);
same<Everything["status"], "DRAFT" | "placed" | "cancelled">(true);
// @db.Date is a Date (pg parses it); @db.Time is text.
same<Natives["day"], Date>(true);
same<Natives["time"], string>(true);
same<Natives["citexts"], string | null>(true);
same<Documents["body"], PrismaJson.DocumentBody>(true);
same<Documents["tags"], PrismaJson.Tag[] | null>(true);

// Database defaults are optional on insert; client-side defaults and @updatedAt are required.
const everything: Insertable<DB["everything"]> = {
  text: "a",
  updatedAt: new Date(),
  big: 12n,
  money: 1.5,
};
// @ts-expect-error updatedAt has no database default: a Kysely insert must set it
const withoutUpdatedAt: Insertable<DB["everything"]> = { text: "a" };
// @ts-expect-error id is @default(uuid()): Prisma Client fills it, the database does not
const withoutId: Insertable<DB["Natives"]> = {} as Omit<Insertable<DB["Natives"]>, "id">;
// Writes of an enum array take a JavaScript array (pg serialises it).
const update: Updateable<DB["everything"]> = { statusList: ["DRAFT", "placed"] };
// @ts-expect-error a JavaScript array sent to a jsonb column is not JSON: write JSON text instead
const jsonArray: Updateable<DB["everything"]> = { json: [1, 2] };
const jsonText: Updateable<DB["everything"]> = { json: JSON.stringify([1, 2]) };

export { everything, withoutUpdatedAt, withoutId, update, jsonArray, jsonText };
