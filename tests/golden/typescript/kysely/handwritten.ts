// A Kysely setup written by hand, as in Kysely's getting-started guide: the database interface is
// whatever `new Kysely<…>` is given, tables are interfaces or inline object types.
import {
  type ColumnType,
  type Generated,
  type GeneratedAlways,
  type JSONColumnType,
  Kysely,
  PostgresDialect,
  type Selectable,
} from "kysely";
import { Pool } from "pg";

export interface AppDatabase {
  person: PersonTable;
  pet: {
    id: GeneratedAlways<number>;
    name: string;
    owner_id: number;
    species: "cat" | "dog";
  };
  "audit.event": EventTable;
}

export interface PersonTable {
  id: Generated<number>;
  first_name: string;
  gender: "man" | "woman" | "other";
  last_name: string | null;
  created_at: ColumnType<Date, string | undefined, never>;
  metadata: JSONColumnType<{ login_at: string; ip: string | null }>;
  nickname?: string;
}

interface EventTable {
  id: GeneratedAlways<string>;
  at: ColumnType<Date, Date | string, never> | null;
  tags: string[];
}

export type Person = Selectable<PersonTable>;

export const db = new Kysely<AppDatabase>({
  dialect: new PostgresDialect({ pool: new Pool() }),
});
