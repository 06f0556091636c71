"""An ignore comment that matches nothing, names an unknown rule, or gives no reason.

Why: ignores outlive the problems they silenced; a stale one hides the next real problem on that
statement. Every ignore must name the rule and say why it is safe
(`-- triple-orm-ignore ban-drop-column: emptied since v2.3`); one without a reason is not applied.
Exemptions: none.

Bad:
```sql
-- triple-orm-ignore ban-drop-column: the column is unused
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
```

Good:
```sql
-- triple-orm-ignore ban-drop-column: the column is unused since v2.3
ALTER TABLE "User" DROP COLUMN "legacyId";
```
"""

from __future__ import annotations

from tools.findings import Severity
from tools.lint.rule import Rule


class UnusedIgnore(Rule):
    id = "unused-ignore"
    severity = Severity.LOW
    help_text = "Remove the ignore, or fix its rule name; write the reason after a colon."
