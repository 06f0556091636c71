"""The words that point to each route, in English and Vietnamese (matched on text folded to ASCII).

Data, not code: each entry is a regular expression over the folded request and a weight. A strong
term (the name of the thing: "migration", "drift", "đồng bộ") weighs 3, a hint ("safe", "slow")
weighs 1. The router adds them up per route; the kind of file or code given adds its own weight.
Vietnamese entries are written without diacritics because the text is folded before matching.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agent.graph.routes import Route

_RAW: dict[Route, list[tuple[str, float]]] = {
    Route.MIGRATION_VALIDATOR: [
        (r"\blint(s|ing|er)?\b", 4), (r"\bmigrations?\b", 2.5), (r"\bsquawk\b", 4),
        (r"\b(safe|dangerous|risky|unsafe) to (run|deploy|apply|ship|merge)\b", 3),
        (r"\b(lock|locks|locking|locked)\b", 2), (r"\bdowntime\b", 2.5), (r"\bzero.downtime\b", 3),
        (r"\btable rewrite|rewrites? the table|rewrite\b", 1.5), (r"\bblock (writes|reads|the table)\b", 2.5),
        (r"\baccess exclusive\b", 3), (r"\bdeploy(ing|ment)?\b", 1), (r"\bdrop column|drop table|add column\b", 1.5),
        (r"\bnot null\b", 1), (r"\bconcurrently\b", 2), (r"\bdata loss|lose data\b", 2.5),
        (r"\bmigrate (dev|deploy)\b", 2), (r"\bmigration\.sql\b", 4), (r"\brisky|dangerous\b", 1),
        (r"\bsafe\b", 0.8), (r"\breview\b", 0.8),
        # Vietnamese: "migration" is used as is; khoa = lock, an toan = safe, rui ro = risk, trien khai = deploy
        (r"\bkhoa (bang|ca bang)\b", 3), (r"\bgay khoa|bi khoa|lock bang\b", 2.5), (r"\bkhoa\b(?! (chinh|ngoai|hoc))", 1),
        (r"\bco an toan (khong|ko)\b", 1.5), (r"\ban toan\b", 1), (r"\brui ro\b", 1.5), (r"\bnguy hiem\b", 1.5),
        (r"\btrien khai\b", 1), (r"\bmat du lieu\b", 2.5), (r"\bchay migration|file migration|kiem tra migration\b", 2),
    ],
    Route.SCHEMA_SYNC: [
        (r"\bsync(ing|ed|hronis[ez])?\b", 3), (r"\b(re)?generat(e|ed|es|ing|or)\b", 2.5), (r"\bcodegen\b", 3),
        (r"\bconvert(ing|ed)?\b", 2.5), (r"\b(to|into|as) (a )?drizzle\b", 2.5), (r"\b(to|into|as) kysely\b", 2.5),
        (r"\bdrizzle (schema|table|file|definition)s?\b", 2), (r"\bkysely (interfaces?|db|file)\b", 2), (r"\bkysely types?\b", 1.2),
        (r"\bpgtable\b", 2), (r"\bout of date|stale|up to date|outdated\b", 2), (r"\bgenerated files?\b", 2),
        (r"\bwrite (the )?(drizzle|kysely)\b", 2.5), (r"\bupdate (the )?(drizzle|kysely)\b", 2.5),
        (r"\bdrizzle\b", 0.8), (r"\bkysely\b", 0.5), (r"\bfrom (my )?(schema\.)?prisma\b", 1),
        # dong bo = sync, sinh/tao = generate, chuyen (sang|doi) = convert, sang/thanh = to/into, cap nhat (lai) = update,
        # cu = stale
        (r"\bdong bo\b", 3.5), (r"\bsinh (ra |lai )?(schema|file|kieu|code|ma)\b", 3), (r"\bsinh\b", 1.5),
        (r"\btao (lai )?(schema|file|types?|kieu) (drizzle|kysely)\b", 3), (r"\bchuyen (sang|doi|thanh)\b", 2.5),
        (r"\bcap nhat (lai )?(file |schema |types? |kieu |interfaces? )?(drizzle|kysely)\b", 3),
        (r"\b(sang|thanh) (drizzle|kysely)\b", 2.5), (r"\b(file|schema) (drizzle|kysely)\b", 1.5),
        (r"\b(bi )?cu roi|loi thoi\b", 2),
    ],
    Route.DRIFT_HEALTH: [
        (r"\bdrift(s|ed|ing)?\b", 4), (r"\bhealth\b", 3), (r"\b(live|prod(uction)?|staging|real|actual) (db|database)\b", 2.5),
        (r"\b(match|matches|agree|agrees|differ|differs|different from|in sync with|out of sync with) (the )?(live |real |prod |production )?(db|database)\b", 3),
        (r"\bunused index(es)?\b", 3), (r"\bduplicate index(es)?\b", 3), (r"\bbloat(ed)?\b", 3),
        (r"\b(auto)?vacuum|wraparound\b", 3), (r"\bsequences?\b.{0,40}\b(limit|max(imum)?|overflow|run out|running out)\b", 3),
        (r"\b(prod(uction)?|staging|live) (db |database )?(match|matches|agree|agrees|differ|differs)\b", 3),
        (r"\b(throwaway|embedded|scratch) (postgres(ql)?|database|db)\b|\breplay(ed|ing)?\b", 3), (r"\bmissing (an )?index(es)? on\b", 2),
        (r"\bunindexed (foreign keys?|fks?)\b", 3), (r"\bpre.?deploy(ment)? (gate|check)\b", 3),
        (r"\b_prisma_migrations\b", 3), (r"\bapplied (migrations?|to the db)\b", 2), (r"\bmigrate status\b", 2.5),
        (r"\bcheck (the |my )?(db|database|schema against)\b", 2.5), (r"\bdatabase_url\b", 2),
        (r"\b(db|database)\b", 0.6), (r"\bhand.?edited|edited by hand|manual(ly)? (change|edit)\b", 1.5),
        # lech = drift, khac voi = differs from, suc khoe = health, co so du lieu = database, chi muc = index
        (r"\bdo lech|bi lech|lech\b", 3.5), (r"\bkhac (voi|so voi)\b", 2), (r"\bsuc khoe\b", 3.5),
        (r"\bco so du lieu (that|production|prod|dang chay)\b", 3), (r"\b(db|database) (that|production|dang chay)\b", 3),
        (r"\bchi muc (khong|ko) (dung|duoc dung)|index (khong|ko) dung\b", 3), (r"\bco so du lieu\b", 1),
        (r"\bkhop (voi )?(db|database|co so du lieu)\b", 2.5),
    ],
    Route.TYPE_COMPARATOR: [
        (r"\btypes?\b", 1.2), (r"\btypescript types?\b", 2.5), (r"\bcompare (the )?((insert|select|update|row|value|field|column|typescript|ts) )?types?\b", 4),
        (r"\b(insert|select|update|row|return) types?\b", 2),
        (r"\btype (mismatch|differences?|of)\b", 3), (r"\b(what|which) type\b", 3), (r"\btyped (as|in)\b", 3),
        (r"\b(becomes?|comes? (back|out) as|maps? to|mapped to|shows? up as)\b", 2), (r"\bside by side\b", 2),
        (r"\bjsonvalue|columntype|generated<|selectable|insertable|\$inferselect|\$infer\w*\b", 3),
        (r"\b(decimal|bigint|json|datetime|date|numeric|timestamptz) (in|is|as|vs|becomes|type)\b", 2),
        (r"\b(a )?(date|string|number|bigint) (or|vs|hay) (a )?(date|string|number|bigint)\b", 3), (r"\buntyped\b", 3),
        (r"\btypes? (look like|side by side)|side by side\b", 3), (r"\bthanh (kieu )?(string|number|bigint|date)\b", 3), (r"\buntyped json|typed json\b", 3),
        (r"\bnullable|nullability\b", 1.5), (r"\bin prisma (vs|and|versus) (drizzle|kysely)\b", 1.5),
        # the same field seen through each ORM: "in TypeScript for each ORM", "trong từng ORM"
        (r"\b(in|for|across|between) (each|every|all (the )?(three|3)|the (three|3)|the|all the) orms?\b", 2.5),
        (r"\bin typescript\b", 1.5), (r"\b(moi|tung|cac|ca ba|ba) orm\b", 2.5),
        # kieu (du lieu) = (data) type, so sanh = compare, khong khop = mismatch
        (r"\bkieu du lieu\b", 3), (r"\bkieu\b", 2), (r"\bso sanh kieu\b", 4), (r"\bkhong khop kieu|lech kieu\b", 4),
        (r"\bra kieu (gi|nao)\b", 3), (r"\bthanh kieu\b", 2.5),
    ],
    Route.ORM_SELECTOR: [
        (r"\bwhich orm\b", 5), (r"\b(best|right|better) orm\b", 4), (r"\borm (should|to use|for|fits)\b", 4),
        (r"\bshould i (use|write|do)\b", 2.5), (r"\b(prisma|drizzle|kysely|(raw|plain) sql)(, (prisma|drizzle|kysely|(raw|plain) sql))* (or|vs\.?|versus) (prisma|drizzle|kysely|(raw|plain) sql)\b", 3),
        (r"\badvi[cs]e\b", 2.5), (r"\brecommend\b", 2), (r"\bthis query\b", 2.5), (r"\bqueries\b", 1),
        (r"\bn\+1|n \+ 1\b", 3), (r"\bbatch insert|bulk insert|createmany|insert many\b", 2.5),
        (r"\b(slow|faster|perform(ance|ant)|efficient|speed up|optimi[sz]e)\b", 1.5),
        (r"\bqueryraw|executeraw|raw sql\b", 2.5), (r"\bjoins?\b(?! (table|model))|aggregat(e|ion)|group by|window function|reports?\b", 1.5),
        (r"\bfindmany|findunique|include:|select:\b", 2), (r"\bin a loop|loop\b", 1.5), (r"\b(best|fastest|right|cheapest) way to\b", 2.5),
        (r"\binsert\b.{0,30}\b(at once|in bulk|in batch(es)?)\b", 3),
        (r"\bwhich (one )?(of (our|the|these|those|the three|our three) )?(tools?|librar(y|ies)|libs?|orms?|query builders?)\b", 4), (r"\b(1|one|a) query (per|for each|for every)\b|\bquery per\b", 3), (r"\bwhich one (fits|is better|should)|fits? .{0,40} better\b", 3),
        # nen dung = should use, truy van = query, cham = slow, hieu nang = performance, toi uu = optimise
        (r"\bnen dung (orm )?(nao|gi|prisma|drizzle|kysely)\b", 4.5), (r"\borm nao\b", 5), (r"\bdung (prisma|drizzle|kysely) hay\b", 4),
        (r"\btruy van\b", 2.5), (r"\bcham\b", 2), (r"\bhieu nang\b", 2.5), (r"\btoi uu\b", 2), (r"\bnhanh hon\b", 2),
        (r"\bchen hang loat|chen nhieu\b", 2.5), (r"\bbao cao\b", 1), (r"\bcong cu nao|thu vien nao\b", 4), (r"\b(1|mot) query\b", 2),
    ],
    Route.SCHEMA_QUESTION: [
        (r"\b(which|what) (tables?|models?|columns?|fields?|enums?|relations?)\b", 3), (r"\breferenc(e|es|ed|ing)\b", 2.5),
        (r"\bforeign keys?\b", 2), (r"\bwhere (is|are|do|does)\b", 2.5), (r"\bhow many (tables|models|columns|enums)\b", 3),
        (r"\b(er|erd|entity.relationship) ?diagram|mermaid|diagram\b", 4), (r"\bddl\b", 3),
        (r"\b(show|print|give) me the (sql|create table)\b", 3.5), (r"\bcreate table\b", 1.5),
        (r"\brelations?(hips?)?\b", 2), (r"\bcolumns? (of|in|does)\b", 2.5), (r"\bdescribe|explain the schema|summar(y|ise|ize)\b", 2.5),
        (r"\bwhat (is|does) (the )?\w+ (model|table|enum|field|column)\b", 2.5), (r"\bprimary key|unique|index(es)? (on|of)\b", 1),
        (r"\bdefined|declared|stored|validated|used\b", 1), (r"\bwhat'?s in\b", 2), (r"\blist (all|the)\b", 2),
        (r"\bpoints? to|links? to|depends? on\b", 2),
        # how two models are linked: the table between them (an implicit many-to-many's _AToB) and its columns
        (r"\b(join|junction|pivot|bridge|link(ing)?|through) (table|model)s?\b", 3),
        (r"\bhow (are|is|do|does) \w+( and \w+)? (linked|related|connected|joined|tied)\b", 3), (r"\b(its|their) (columns|fields)\b", 1.5),
        # bang nao = which table, tham chieu = reference, o dau = where, cot = column, so do = diagram, quan he = relation
        (r"\bbang nao|model nao|cot nao|truong nao\b", 3.5), (r"\bkhoa chinh\b", 3.5), (r"\btham chieu\b", 3), (r"\bo dau\b", 3), (r"\bnam o\b", 2),
        (r"\bco nhung (cot|truong|bang|model) (gi|nao)\b", 3.5), (r"\bcot\b", 1.5), (r"\bso do\b", 4), (r"\bquan he\b", 2.5),
        (r"\bkhoa ngoai\b", 3), (r"\bbang (trung gian|noi)\b", 3), (r"\bmo ta|giai thich schema\b", 2.5), (r"\bbao nhieu (bang|model|cot)\b", 3),
        (r"\bduoc (dinh nghia|kiem tra|luu|validate)\b", 2), (r"\b(in|xem) (sql|ddl)\b", 3),
    ],
}

@lru_cache(maxsize=None)
def keywords() -> dict[Route, list[tuple[re.Pattern[str], float]]]:
    """The compiled table (compiled on first use: a slash command never pays for it)."""
    return {route: [(re.compile(pattern), weight) for pattern, weight in entries] for route, entries in _RAW.items()}

# Follow-ups ask about facts already in the conversation: no tool runs again for them.
FOLLOWUP_WHY = re.compile(r"^\s*(why|how come|what makes|explain (why|that|this|it)|tai sao|vi sao|sao (lai|no)|giai thich (tai sao|vi sao|cai|dieu))\b")
FOLLOWUP_SAFE = re.compile(r"\b(safe(r)? (version|way|alternative|rewrite|sql)|the fix|fixed (version|sql)|how (do|can|should) i fix|"
                           r"rewrite it|show me the fix|ban an toan|phien ban an toan|cach sua|sua (the nao|nhu the nao|lai)|"
                           r"cach an toan|viet lai)\b")
FOLLOWUP_AGAIN = re.compile(
    r"^\s*(now |ok,? |okay,? |then )?(and )?(do (it|the same|that|this)( again)?( (for|with|on))?|(the )?same( thing)? (for|with|on)|"
    r"what about|how about|for|repeat (it|that) (for|with|on))\s+(?P<target>[\w.]+)\s*[?.!]*\s*$|"
    r"^\s*(bay gio |gio |vay )?(lam (tuong tu |giong vay |nhu vay |lai )?(cho|voi)|con)\s+(?P<vi_target>[\w.]+)"
    r"(\s+(thi sao|nhe|di|nua))?\s*[?.!]*\s*$")
