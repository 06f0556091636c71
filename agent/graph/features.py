"""What a request is about, beyond single keywords: what is done to what, where, and how it is asked.

Keywords (keywords.py) score words one by one, so a sentence whose words belong to several routes
("does adding a unique index block inserts?": index, unique → a schema question) goes wrong. The
features here read the shape of the request instead, on the folded prose (code already split off):

- a *schema change* (a verb of change applied to a column, index, constraint, table, type…) asked
  about with an *operational effect* (locks, blocked writes, downtime, a big table) or a *safety
  question* ("is it ok to…", "có sao không") is a migration review;
- the same change that *happened* in a live database (someone, by hand, directly on prod), an
  object the live database has and the sources lack, a missing or failed migration (Prisma's
  P3xxx errors), statistics of a running database (unused indexes, bloat, overflow), or a live
  environment compared with the schema is drift/health;
- TypeScript value types (string, number, Decimal, Date…) said of an ORM, or a compiler error,
  are a type comparison;
- an ORM named with a workload (a query, report, job, import) or a choice ("should X go through
  Kysely", "drizzle hay kysely", "which tool") is ORM advice;
- a generated file (the Drizzle schema, the Kysely types) said to be behind is a sync, unless a
  live database is the other side (then the drift check compares them).
- a schema change on a table that already holds rows (a required column without a default, "the
  table already has data") and Prisma Migrate's own warnings before it writes a migration ("Added
  the required column … without a default value", "You are about to drop …") are a migration review;
- a deploy that failed (`migrate deploy` fails, a failed deployment, P3005's "schema is not empty",
  P3018's "failed to apply", a half-applied migration) and the migrations a database recorded as
  applied differing from the local migrations folder are drift/health: the state of the database
  is the problem. A failure the linter or a transaction explains (a rule id, CONCURRENTLY, a lock)
  or a failure only foreseen ("will it fail when we deploy?") stays with the migration;
- a complaint about the speed or memory of an operation on rows (a nested create, createMany, an
  include, "inserting 50k rows takes 30s") and a way of loading many rows past the ORM (COPY,
  unnest, batched inserts) are ORM advice, unless a schema object is being changed.
- what an index health check reports about a running database (a foreign key without a supporting
  index, an unused, duplicate or bloated index), asked about or questioned, is drift/health, unless a
  linter's words say it is a migration's warning;
- a generated file someone wants only checked ("just check, don't regenerate: is … stale?") and
  three of the sources (schema.prisma, migrations, a generated file, a database) asked whether they
  still agree are the drift check's comparison: the file words name the sides, not a sync to run;
- a request that opens with a verb of generation and names a generated file is a sync, and the value
  types in it are options ("with bigint as string"), not a type comparison;
- a candidate list ("Drizzle, Kysely or plain SQL"), "better in Kysely", and keeping the ORM in use
  ("stay with Prisma Client", "any reason not to keep using…") are ORM choices; CRUD, a tree or a
  recursive query are workloads; deploying while the old version of the app still runs is an
  operational effect of a schema change, and "có lỗi gì không?" only foresees a failure.
- a running database's health said in words (a table far bigger on disk than its rows, dead tuples,
  autovacuum; an index "not used", "không được dùng tới") is drift/health, and a foreign key without
  an index whose symptom is given (deleting the parent scans the child) more surely so;
- a request opening with generation whose target is an ORM ("convert model X sang Drizzle") is a sync,
  and what it names (relations, a join table, a composite key) is what to write, not a schema
  question; a generated file "not generated yet" ("chưa được sinh ra") is behind; the Drizzle schema
  and the Kysely types are two sources when sources are asked whether they are still "in line";
- types said to differ with no file or database named as the other side ("types lệch ở X?") are a
  type comparison; a question of what the schema holds ("is there an index on x in schema.prisma?",
  "does Lesson have a unique constraint…") is a schema question, though schema.prisma is named.

A negation in front of a tool's verb ("don't regenerate", "không cần sync", "not the drift
check") removes that verb before keywords are counted: it says what the person does not want.
Each feature is a named pattern with a weight per route, so `ask --json` shows which fired.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agent.graph.routes import Route

M, S, D, T, O, Q = (Route.MIGRATION_VALIDATOR, Route.SCHEMA_SYNC, Route.DRIFT_HEALTH, Route.TYPE_COMPARATOR,
                    Route.ORM_SELECTOR, Route.SCHEMA_QUESTION)

# what the ORM advice chooses between (the project's three, and SQL written by hand)
_CANDIDATE = r"prisma( client)?|drizzle|kysely|(raw|plain|pure|hand.?written) sql|raw|sql|\$?queryraw|sql thuan"


def _generated_by(orm: str) -> str:
    """A file an ORM's generator writes, named by the ORM: "the drizzle schema", "types kysely"."""
    return rf"{orm}( \w+)? (schema|file|types?|interfaces?|db( type)?)|(schema|file|types?|interfaces?) {orm}"


# --- the parts of a sentence (folded: lower case, Vietnamese without diacritics) ---------------------
_PARTS = {
    # verbs that change a schema (not "convert", which is a sync, nor "delete", which is rows)
    "change_verb": r"add(s|ed|ing)?|creat(e|es|ed|ing)|drop(s|ped|ping)?|remov(e|es|ed|ing)|renam(e|es|ed|ing)|"
                   r"chang(e|es|ed|ing)|alter(s|ed|ing)?|mak(e|es|ing)|set(s|ting)?|backfill(s|ed|ing)?|"
                   r"split(s|ting)?|widen(s|ed|ing)?|shorten(s|ed|ing)?|them|xoa|(?<!dong )bo|doi( ten| kieu)?|tao|tach",
    # what a migration changes: a named object, or a table.column written out
    "schema_object": r"columns?|index(es)?|indices|constraints?|foreign keys?|fks?|tables?|enum values?|types?|"
                     r"defaults?|not null|unique|check|primary keys?|cot|chi muc|rang buoc|khoa ngoai|khoa chinh|bang|kieu|"
                     r"[a-z_]+\.(?!prisma|ts|tsx|sql|json)[a-z_]+|[a-z]+_[a-z_]+",
    "effect": r"block(s|ed|ing)?|lock(s|ed|ing)?|wait(s|ing)?|hang(s|ing)?|hung|stuck|downtime|outage|take (the )?(site|app|prod)"
              r"( \w+)? down|taking (the )?(site|app|prod)( \w+)? down|rewrit(e|es|ing)|long|slow(s)? down|"
              r"(big|large|huge|busy|hot) tables?|millions? (of )?rows|\d+ ?[mk] rows|while (the app|it) is (live|running)|"
              r"inserts|writes|reads|traffic|khoa(?! (hoc|chinh|ngoai))|treo|lau|bang (to|lon)|trieu dong|nghen|"
              # the old version of the app still running against the new schema (a deploy is not atomic)
              r"(while|when|with) the old (app|version|code|pods?|release|build|instances?)( \w+)?( (is|are))?( still)? "
              r"(runs?|running|serv\w*|live|up)|(ban|code|app|phien ban|pod) cu (con|van|dang)( \w+)? chay",
    "safety_q": r"is (it|this|that) (safe|ok|okay|fine|risky|dangerous|a problem)|(safe|ok|okay|fine) to|can (i|we)|"
                r"will (it|this|that|inserts|writes)|would (it|this|that)|any (problem|issue|risk)s?|anything (i|we) should|"
                r"watch (out )?for|how risky|what could go wrong|co sao khong|co on khong|co an toan|co van de|co nguy hiem|"
                r"co (bi|can|anh huong)|co gi (khong|can)|rui ro|should (i|we)|co nen|nen|phai khong",
    # statements that only a migration writes
    "ddl": r"alter (table|type|column)|add (column|constraint|value)|drop (table|column|index|constraint|default|not null)|"
           r"set (not null|default|data type)|not valid|validate constraint|create (unique )?index",
    "live_env": r"prod|production|staging|live (db|database|schema)|(real|actual|running) (db|database)|"
                r"(db|database|co so du lieu) (that|dang chay|production|prod|staging)",
    # a person changed the live database outside the migrations
    "by_hand": r"someone|somebody|anyone|the dba|a dba|who (added|changed|created|dropped|altered)|manually|by hand|"
               r"directly|behind (our|my) back|hotfix|outside (of )?(the )?migrations|co ai|co nguoi|ai do|tay|truc tiep",
    "not_in_source": r"(isn'?t|is not|not|never|wasn'?t|was never|khong co|khong nam|chua co|chua tung co) (ever )?(in|trong) "
                     r"(the |our )?(schema(\.prisma)?|prisma|migrations?|a migration|any migration)|"
                     r"(extra|unexpected|unknown|strange|stray) (columns?|index(es)?|constraints?|tables?)|"
                     r"(cot|index|rang buoc|bang) (la|thua)|no migrations? (ever )?(created|added|made)|"
                     r"not (created|added|made) by (a |any )?migrations?|khong (co )?migration nao (tao|them)",
    "unapplied": r"migrations? .{0,25}(not (been )?applied|never (ran|applied)|chua (duoc )?(apply|ap dung|chay))|"
                 r"(missing|thieu|pending on) .{0,20}migrations?|migrations? .{0,10}(chua chay|con thieu)|"
                 r"\bp30\d\d\b|drift detected|does not exist|doesn'?t exist|failed migrations?",
    "db_stats": r"never (scanned|used)|khong ai dung|(integer|id) overflow|overflow|run(ning)? out of ids|close to the limit|"
                r"sap het|phinh( to)?|bloat(ed)?|healthy|tinh trang (db|database|co so du lieu)|"
                # a table far bigger on disk than its rows: dead tuples autovacuum has not reclaimed
                r"dead (tuples?|rows)|n_dead_tup|autovacuum|\d+ ?[gmt]b on disk|(size|bigger|larger|huge) on disk|"
                r"tuple chet|dong chet|(bang|table) .{0,30}?(to hon nhieu|chiem \d+ ?[gmt]b)",
    "compare": r"compar(e|ed|ing)|same as|match(es)?|differ(s|ent)?|diff against|giong|khop|khac|so voi",
    "type_value": r"(?<!not )null(able)?|string|number|bigint|decimal|(?<!up to )(?<!out of )date\b|boolean|jsonvalue|"
                  r"unknown|union type|buffer|undefined",
    "typing_verb": r"gives? (me|us|back)|returns?|comes? (back|out) as|typed as|infers?|inferred|see(s)? \w+ as|"
                   r"ra( kieu)?|tra ve|thanh kieu",
    "orm": r"prisma( client)?|drizzle|kysely|(raw|plain|pure|hand.?written) sql|raw|\$?queryraw|sql thuan|query builders?",
    # asking what type something is: the ORMs named are then compared, not chosen between
    "type_question": r"(what|which) (typescript |ts )?types?|types? (of|does|do|is|are)|kieu (gi|nao)|ra kieu",
    "workload": r"quer(y|ies)|reports?|job|dashboard|search|page|export|import(ing)?|endpoint|api|listing|upserts?|"
                r"bulk|transactions?|leaderboard|reconciliation|cte|window functions?|filters?|filtering|joins?(?! (table|model))|"
                r"aggregat\w*|analytics|crud|recursive|hierarch\w*|tree|"
                r"bao cao|truy van|tim kiem|doi soat|xep hang|(?<!tinh )trang",
    "choice": r"should (i|we|it|this|that|the \w+( \w+)?) (use|go through|be (written|done) (in|with)|switch to|move to)|"
              r"good (fit|idea|choice)|(a )?fit for|better (to use|with|for)|prefer|pick|choose|"
              r"(use|using|go(ing)? through|bypass(ing)?|skip(ping)?|switch(ing)? to|move (it )?to|written in) (prisma|drizzle|kysely|raw)|"
              r"drop (down )?to (raw )?sql|nen (dung|viet|chuyen)|cong cu nao|orm nao|lam duoc khong|"
              # a list of candidates: "Drizzle, Kysely or plain SQL", "prisma hay kysely"
              rf"(?:{_CANDIDATE})(?:, (?:{_CANDIDATE}))* (or|vs\.?|versus|hay|hoac) (?:{_CANDIDATE})|"
              rf"(better|best|easier|cleaner) (done |written |expressed )?(in|with|through) (?:{_CANDIDATE})|"
              # keeping the current ORM is a choice too: "stay with Prisma Client", "any reason not to use…"
              rf"((stay|stick|staying|sticking) with|keep(ing)? (it |this |that )?(in|with|using|on)|"
              rf"reasons? (not )?to (just )?(use|stay with|stick with|keep( using)?|switch to|move to|leave)|"
              rf"move (away )?from|instead of|thay vi) (?:{_CANDIDATE})|"
              r"dung (prisma|drizzle|kysely|raw)",
    "generated": rf"{_generated_by('(drizzle|kysely)')}|types\.ts|schema\.ts|generated (files?|code|types|stuff)",
    # each generated file is a source of its own when sources are counted (the Drizzle schema and the Kysely types are two)
    "gen_drizzle": rf"{_generated_by('drizzle')}|schema\.ts",
    "gen_kysely": rf"{_generated_by('kysely')}|types\.ts",
    "gen_other": r"generated (files?|code|types|stuff)",
    # a file an ORM writes, asked for by the ORM it is for: "convert model X sang Drizzle", "into Kysely"
    "orm_target": r"(to|into|as|sang|thanh) (a |an )?(drizzle|kysely)",
    "behind": r"behind|out of sync|out of date|stale|outdated|doesn'?t (have|know|include)|not (have|include)|missing|"
              r"chua (co|biet)|cu roi|\bcu\b|lech|khong khop|"
              # a change the generated file has not been regenerated for: "chưa được sinh ra", "not generated yet"
              r"(chua|khong) (duoc )?(sinh|tao|generate|gen)( lai| ra)?|not (yet |been )?(re)?generated|never (re)?generated",    # a change on a table that already holds rows: a required column needs a value for each of them
    "on_existing_rows": r"without (a |any )?default( value)?|no default( value)?|(khong|chua) (co )?(gia tri )?(default|mac dinh)|"
                        r"(there (are|is)|with|contains|still contains) \d[\d,.]*\s?[km]? (rows|records|non.null values)|"
                        r"existing (rows|data|records|null values)|(table|it) (already )?(has|holds|contains) (rows|data)|"
                        r"(da|van|dang) co (san )?du lieu",
    # Prisma Migrate's own words before it writes a migration (migrate dev's warnings and unexecutable
    # steps): "Added the required column … without a default value", "You are about to drop …"
    "migrate_warning": r"added the required column|it is not possible to execute this step|you are about to (drop|alter)|"
                       r"will be cast from|no cast exists|if there are existing (duplicate )?values|"
                       r"made the column .{0,60} required|which is not empty \(\d",
    # Prisma Migrate's own words when a deploy stops (P3005, P3009, P3018): the database's state is the problem
    "deploy_failure": r"(migrate deploy|deploy(s|ed|ing|ment|ments)?|rollout|release|startup|start.?up|khoi dong|trien khai)"
                      r"\b.{0,30}?\b(fail(s|ed|ing|ure)?|errors?|crash(es|ed)?|broke|(bao |bi |gap )?loi|that bai)|"
                      r"(failed|failing|broken|crashed|that bai|loi) (migrations? )?(deploy\w*|rollout|release|trien khai)|"
                      r"failed to apply|schema is not empty|found failed migrations|half.applied|partially applied|"
                      r"(already )?recorded as applied|modified after (it was )?applied|ap dung (do dang|mot nua)",
    # what a migration linter or a transaction says: the migration's SQL is the problem, not the database
    "sql_failure": r"lint\w*|squawk|rules?|warn(s|ing|ings)?|transaction( block)?|concurrently|lock\w*|khoa(?! (hoc|chinh|ngoai))|"
                   r"[a-z]+(-[a-z]+){2,}",
    # a failure foreseen ("will it fail when we deploy?") is a question about the migration, not a state
    "foreseen": r"(will|would|could|might|can) (it|this|that|the \w+ |we )?(fail|break|crash)|"
                r"if (the |our |a )?(deploy\w*|migration|release|it|this)\b.{0,20}?(fails?|breaks?|crash\w*)|"
                r"neu .{0,25}(loi|that bai)|co (bi )?(loi|that bai|van de)( gi)? (khong|ko)|any (errors?|failures?|problems?)",
    # the migrations a database recorded as applied (its _prisma_migrations table) …
    "applied_history": r"(recorded|applied|marked|logged|run|ran)( as applied)? (in|on|to|against) (the |our )?"
                       r"(prod |production |staging |live )?(db|database|prod|production|staging)|"
                       r"_prisma_migrations|migration (history|table)|lich su migration|"
                       r"migrations? (da|duoc|da duoc) (apply|ap dung|chay)|applied migrations?",
    # … and the migrations folder the repository holds
    "local_migrations": r"local|migrations? (folder|directory|dir)|(the|our|my) (folder|directory|repo(sitory)?|codebase|branch)|"
                        r"on disk|in git|thu muc|(tren|trong|o) (repo|local|may)",
    "mismatch": r"diverg\w*|differ(s|ent|ence|ences)?|out of sync|mismatch\w*|(don'?t|doesn'?t|do not|does not) match|"
                r"(aren'?t|isn'?t|are not|is not|weren'?t|wasn'?t) (in|on|present)|"
                r"(not|never) (in|on|present)|(doesn'?t|does not|don'?t|do not|lacks?) (have|contain|include)|missing|absent|(khong|chua) (co|khop)|lech|khac|thieu|modified|edited|checksum",
    # an operation on rows through an ORM (Prisma Client's vocabulary, or a number of rows written or read)
    "data_operation": r"nested (\w+)|long nhau|create ?many|update ?many|delete ?many|upsert ?many|find ?(many|unique|first)|"
                      r"upserts?|include|\$?transaction|(load|fetch|read|get|query)\w* .{0,40}?with (their|its) \w+|"
                      r"(creat|insert|updat|load|fetch|read|writ|import|sav|seed|upsert|chen|tai|doc|ghi)\w* .{0,30}?"
                      r"\b\d[\d,.]*\s?(k|m|nghin|ngan|trieu)?\b",
    # how long it took, or how much it cost: a complaint about speed
    "slow": r"takes?|took|slow(er|ly|ness)?|too long|forever|timing out|times? out|timed out|out of memory|oom|"
            r"\d+ (queries|round.?trips)|cham( hon)?|mat \d+ ?(s|giay|phut)|rat lau|qua lau|tran bo nho",
    # what pg-index-health style checks report about a running database's indexes: a foreign key
    # without an index that starts with its columns (deletes on the parent scan the child), indexes
    # never scanned, duplicated by another, or bloated
    "index_health": r"unindexed (foreign keys?|fks?)|(foreign keys?|fks?)\b.{0,40}?\b(no|without|lack(s|ing)?|missing|"
                    r"(do|does)(n'?t| not) have)( a| an| any)? (supporting |covering |matching |backing )?(index|indexes|indices)|"
                    r"(unused|duplicate|duplicated|redundant|overlapping|shadowed|invalid|bloated) (index|indexes|indices)|"
                    r"(khoa ngoai|fk|foreign key)\w* .{0,30}?(khong|chua) co (index|chi muc)|(index|chi muc) (trung|thua)|"
                    # an index nobody scans, in words: "indexes that are never used", "index không được dùng tới"
                    r"(index|indexes|indices|chi muc)\b.{0,40}?\b((never|not|isn'?t|aren'?t|hasn'?t been|haven'?t been) "
                    r"(being |been |ever )?(used|scanned|read|hit)|(khong|chua|ko) (bao gio |he |tung )?(duoc )?(dung|su dung|scan))",
    # asking only for a check, not for the files to be written: "just check", "chỉ kiểm tra thôi"
    "check_only": r"(just|only) (check|verify|compare|tell me|look)|check only|"
                  r"chi (can )?(kiem tra|xem|so sanh)|kiem tra (thoi|xem)",
    # the sources the drift check holds side by side (schema.prisma, migrations, generated files, a database)
    "src_prisma": r"schema\.prisma|prisma schema|schema prisma",
    "src_migrations": r"migrations?( (folder|directory|dir|history))?|thu muc migrations?|lich su migration",
    "src_db": r"(db|database|co so du lieu)",
    "agree": r"(still )?(match|matches|agree|agrees|line up|lines up|in line|consistent|in sync)|khop( nhau)?|dong nhat|"
             r"giong nhau",
    # a foreign key without an index shows itself: deleting or updating the parent scans the whole child table
    "scan_symptom": r"(delet|updat|remov|cascad|xoa|sua)\w*\b.{0,60}?\b(scan\w*|slow\w*|tak(e|es|ing) (ages|forever|long|\d)|"
                    r"took|cham|lau|quet)|seq(uential)? scans?|full (table )?scans?|scans? (all|the whole|every)|"
                    r"quet (toan|ca|het) bang",
    # the types of a field said to differ, without saying between what ("types lệch ở Enrollment?")
    "types_differ": r"(types?|kieu( du lieu)?)( \w+)? (bi |dang |co )?(lech|khong khop|khac nhau)|"
                    r"types (mismatch\w*|differ|don'?t match|do not match|disagree)",
    # a question of what the schema holds ("is there an index on x in schema.prisma?", "có cột … trong schema không?")
    "holds_q": r"(is|are) there (a |an |any )?(\w+ ){0,2}(index(es)?|columns?|fields?|relations?|foreign keys?|unique|"
               r"constraints?|enums?|defaults?|primary keys?)|does \w+(\.\w+)? (have|declare|define)( a| an| any)?|"
               r"(is|are) \w+(\.\w+)? (declared|defined|marked|indexed|nullable|optional)|"
               r"co (index|chi muc|cot|truong|khoa (chinh|ngoai)|rang buoc|unique|quan he|default)\b.{0,40}?\b(khong|chua)",
    "in_schema": r"schema\.prisma|prisma schema|schema prisma|(in|inside|trong|o) (the |our |my )?(schema|prisma|model \w+)|"
                 r"(in|trong|o) (the )?\w+ model",
    # a request that opens with a verb of generation is asking for the files, whatever options follow
    "generate_first": r"^(please |pls |can you |could you |now |then |ok,? |hay |giup (minh|toi|em) )?"
                      r"((re)?generat\w*|regen|convert\w*|emit|produce|rebuild|redo|sinh( lai)?|tao lai)",
    # loading many rows past the ORM: COPY, unnest, batches
    "bulk_load": r"(load|insert|import|ingest|stream|write|push|move|nap|chen)\w* .{0,40}?(with|via|using|through|bang) copy|"
                 r"copy (from|stdin|command|protocol)|(use|using|with|via|dung) copy|unnest|pg.copy\w*|"
                 r"bulk (load|insert|import|upsert|write)\w*|multi.?row inserts?|(batch|chunk)(ed|ing)? inserts?|"
                 r"nap hang loat|chen hang loat",
}

# --- the features: a pattern of parts (all must be present, in any order), and its weight per route ---
_FEATURES: list[tuple[str, tuple[str, ...], dict[Route, float]]] = [
    ("change+effect", ("change", "effect"), {M: 4.0}),
    ("change+safety", ("change", "safety_q"), {M: 3.5}),
    ("ddl-mentioned", ("ddl",), {M: 3.0}),
    ("changed-by-hand", ("by_hand", "change|live_env"), {D: 4.5}),
    ("live-lacks-in-sources", ("not_in_source", "live_env"), {D: 4.0}),
    ("migration-not-applied", ("unapplied",), {D: 3.5}),
    ("running-db-statistics", ("db_stats",), {D: 3.0}),
    ("live-compared", ("live_env", "compare"), {D: 3.0}),
    ("two-value-types", ("type_value*2",), {T: 3.5}),
    ("value-type-of-an-orm", ("type_value", "orm|typing_verb"), {T: 2.5}),
    ("orm-for-a-workload", ("orm", "workload", "!type_question"), {O: 2.5}),
    ("orm-choice", ("orm", "choice", "!type_question"), {O: 2.5}),
    ("generated-file-behind", ("generated", "behind", "!live_env"), {S: 3.5}),
    ("change-on-existing-rows", ("change", "on_existing_rows"), {M: 4.0}),
    ("prisma-migrate-warning", ("migrate_warning",), {M: 4.0}),
    ("deploy-failed", ("deploy_failure", "!sql_failure", "!foreseen"), {D: 4.0}),
    ("applied-history-differs", ("applied_history", "local_migrations", "mismatch"), {D: 4.0}),
    ("slow-data-operation", ("data_operation", "slow", "!change", "!ddl"), {O: 3.5}),
    ("bulk-load-technique", ("bulk_load",), {O: 3.0}),
    ("index-health-finding", ("index_health", "!sql_failure"), {D: 3.5}),
    # the symptom of a missing index in a running database (deletes on the parent scan the child) makes it the check's
    ("index-finding-with-symptom", ("index_health", "scan_symptom", "!sql_failure"), {D: 3.0}),
    # A generated file only to be checked, or three sources asked whether they agree: the drift check
    # compares them. The file names and "stale"/"generated" then name the sides of the comparison, not
    # a sync to run, so part of their sync weight (a named schema.prisma alone gives 2.5) is taken back.
    ("generated-file-checked-only", ("check_only", "generated"), {D: 5.0, S: -3.5}),
    ("sources-agree", ("3of:src_prisma,src_migrations,gen_drizzle,gen_kysely,gen_other,src_db", "agree"), {D: 5.0, S: -3.5}),
    # Asked to generate, what is named (relations, a join table, a composite key) is what to write, not
    # a question about the schema: the schema question's words are taken back.
    ("asked-to-generate", ("generate_first", "generated|orm_target"), {S: 3.0, Q: -2.5}),
    # The types said to differ, with no file or database named as the other side, are the comparator's.
    ("types-said-to-differ", ("types_differ", "!generated", "!src_db", "!live_env"), {T: 4.0}),
    # What the schema holds, asked of schema.prisma, is a question: the named file gives no sync.
    ("asks-what-the-schema-holds", ("holds_q", "in_schema", "!index_health", "!db_stats", "!live_env", "!change"),
     {Q: 3.0, S: -2.5}),
]

# A negated tool verb says what the person does not want: masked before any keyword is counted.
_NEGATED = re.compile(
    r"\b(don'?t|do not|no need to|not asking (for|to|about)( a| an| the)?|not the|not a|without|instead of|rather than|"
    r"khong can|khoi|chua can|dung)\s+(?P<verb>(re)?generat\w*|regen|sync\w*|lint\w*|touch\w*( the)? migrations?|"
    r"drift( check)?|review\w*|check\w*|(dong bo|sinh lai|sinh|kiem tra|lint|sync)\b)")


@lru_cache(maxsize=None)
def _compiled() -> dict[str, re.Pattern[str]]:
    parts = {name: re.compile(rf"(?<![\w$])(?:{pattern})(?![\w])") for name, pattern in _PARTS.items()}
    parts["change"] = re.compile(rf"(?<![\w$])(?:{_PARTS['change_verb']})\b(?:\s+\S+){{0,5}}?\s+(?:{_PARTS['schema_object']})(?![\w])")
    return parts


def mask_negated(folded: str) -> str:
    """The request with each negated tool verb blanked out ("don't regenerate, just…" → "don't            , just…")."""
    return _NEGATED.sub(lambda m: m.group(0)[: m.start("verb") - m.start()] + " " * len(m.group("verb")), folded)


def _present(part: str, folded: str, parts: dict[str, re.Pattern[str]]) -> bool:
    if part.startswith("!"):
        return not _present(part[1:], folded, parts)
    if part.startswith("3of:"):  # at least three of the parts listed
        return sum(_present(p, folded, parts) for p in part[4:].split(",")) >= 3
    if "*" in part:
        name, times = part.split("*")
        return len({m.group(0) for m in parts[name].finditer(folded)}) >= int(times)
    return any(parts[name].search(folded) for name in part.split("|"))


def request_features(folded: str) -> list[str]:
    """The names of the features present in a folded, negation-masked request."""
    parts = _compiled()
    return [name for name, needed, _ in _FEATURES if all(_present(p, folded, parts) for p in needed)]


def feature_scores(folded: str) -> tuple[dict[str, float], list[str]]:
    """Weights per route from the features present, and their names. Paths are names, not words
    ("apps/api/prisma/schema.prisma" asks for no API): they are left out here."""
    present = request_features(re.sub(r"\S*/\S*", " ", folded))
    # A change that happened in the live database is drift's, not a migration to review.
    if "changed-by-hand" in present:
        present = [p for p in present if p not in ("change+effect", "change+safety")]
    # Asked to generate a file, the value types named are options of the generation ("with bigint as
    # string", "timestamps in mode 'string'"), not a comparison of the ORMs' types.
    if "asked-to-generate" in present:
        present = [p for p in present if p not in ("two-value-types", "value-type-of-an-orm")]
    # A generated file only checked, or one of the sources asked to agree, is drift's comparison, not a sync.
    if "generated-file-checked-only" in present or "sources-agree" in present:
        present = [p for p in present if p not in ("generated-file-behind", "asked-to-generate")]
    scores: dict[str, float] = {}
    weights = {name: w for name, _, w in _FEATURES}
    for name in present:
        for route, weight in weights[name].items():
            scores[route.value] = scores.get(route.value, 0.0) + weight
    return scores, present
