// Analytics for the admin dashboard: aggregates over the behaviour log and the payments.
import { sql } from "kysely";
import { prisma } from "../db/prisma.js";
import { kysely } from "../db/kysely.js";

export type LocaleCompletions = {
  locale: string;
  learners: bigint;
  completed: bigint;
};

/** Lessons completed per locale since the first of this month (Asia/Ho_Chi_Minh). */
export async function lessonsCompletedPerLocaleThisMonth(): Promise<
  LocaleCompletions[]
> {
  return prisma.$queryRaw<LocaleCompletions[]>`
    SELECT u.locale_code AS locale,
           COUNT(DISTINCT b.user_id) AS learners,
           COUNT(*) AS completed
    FROM behavior_logs b
    JOIN users u ON u.id = b.user_id
    JOIN "Lesson" l ON l.id = b.lesson_id
    WHERE b.event_type = 'lesson_completed'
      AND b.occurred_at >= date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh')
    GROUP BY u.locale_code
    ORDER BY completed DESC`;
}

/** Revenue per course and month from successful payments, for the finance team's VAT filing. */
export async function monthlyRevenueByCourse(from: Date, to: Date) {
  return kysely
    .selectFrom("payments as p")
    .innerJoin("invoices as i", "i.id", "p.invoice_id")
    .innerJoin("courses as c", "c.id", "i.course_id")
    .select((eb) => [
      "c.slug",
      "c.title",
      sql<string>`to_char(date_trunc('month', p.paid_at), 'YYYY-MM')`.as(
        "month",
      ),
      eb.fn.sum<string>("p.amount_vnd").as("revenue_vnd"),
      eb.fn.count<string>("i.user_id").distinct().as("paying_learners"),
    ])
    .where("p.status", "=", "SUCCEEDED")
    .where("p.paid_at", ">=", from)
    .where("p.paid_at", "<", to)
    .groupBy(["c.slug", "c.title", sql`date_trunc('month', p.paid_at)`])
    .orderBy("month")
    .orderBy("revenue_vnd", "desc")
    .execute();
}

/** Learners' progress per course: enrolments, completions and the average progress. */
export async function courseProgressReport(localeCode: string) {
  return kysely
    .selectFrom("Enrollment as e")
    .innerJoin("courses as c", "c.id", "e.courseId")
    .where("c.locale_code", "=", localeCode)
    .select((eb) => [
      "c.slug",
      eb.fn.countAll<string>().as("enrolled"),
      eb.fn.count<string>("e.completedAt").as("completed"),
      eb.fn.avg<string>("e.progressPct").as("avg_progress_pct"),
    ])
    .groupBy("c.slug")
    .having((eb) => eb.fn.countAll(), ">", 10)
    .execute();
}
