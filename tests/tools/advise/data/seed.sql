-- Rows for the example project's database (examples/edfinance migrations applied): enough of each
-- table for joins, groups, JSON and vector queries to return something worth comparing.
INSERT INTO locales (code, name, is_default) VALUES ('vi-VN', 'Tiếng Việt', true), ('en-US', 'English', false);

INSERT INTO users (id, email, full_name, role, locale_code, date_of_birth, settings, referred_by_id, created_at, updated_at) VALUES
  ('00000000-0000-4000-8000-000000000001', 'lan@edfinance.vn', 'Nguyễn Thị Lan', 'INSTRUCTOR', 'vi-VN', '1988-04-12', '{"theme": "dark", "digest": true}', NULL, '2026-01-05 08:00:00+07', now()),
  ('00000000-0000-4000-8000-000000000002', 'minh@edfinance.vn', 'Trần Văn Minh', 'STUDENT', 'vi-VN', NULL, '{"theme": "light"}', '00000000-0000-4000-8000-000000000001', '2026-02-10 09:30:00+07', now()),
  ('00000000-0000-4000-8000-000000000003', 'anna@example.com', 'Anna Schmidt', 'STUDENT', 'en-US', '1999-12-31', '{}', NULL, '2026-03-01 10:00:00+00', now()),
  ('00000000-0000-4000-8000-000000000004', 'ketoan@edfinance.vn', 'Lê Thu Hà', 'finance_officer', 'vi-VN', NULL, '{"theme": "dark"}', NULL, '2026-01-20 07:00:00+07', now()),
  ('00000000-0000-4000-8000-000000000005', 'bao@edfinance.vn', 'Phạm Quốc Bảo', 'STUDENT', 'vi-VN', '2001-06-01', '{"digest": false}', '00000000-0000-4000-8000-000000000002', '2026-04-02 12:00:00+07', now());

INSERT INTO courses (id, slug, title, description, fee_vnd, instructor_id, locale_code, is_published, published_at, created_at, updated_at) VALUES
  ('c-budget', 'quan-ly-ngan-sach', 'Quản lý ngân sách cá nhân', 'Lập ngân sách 50/30/20', 499000.00, '00000000-0000-4000-8000-000000000001', 'vi-VN', true, '2026-02-01 00:00:00+07', '2026-01-10 00:00:00+07', now()),
  ('c-invest', 'dau-tu-co-ban', 'Đầu tư cơ bản', NULL, 899000.00, '00000000-0000-4000-8000-000000000001', 'vi-VN', true, '2026-03-15 00:00:00+07', '2026-02-01 00:00:00+07', now()),
  ('c-credit', 'credit-basics', 'Credit basics', 'Cards, scores and interest', 0, '00000000-0000-4000-8000-000000000001', 'en-US', false, NULL, '2026-03-20 00:00:00+00', now());

INSERT INTO "Tag" (name) VALUES ('budget'), ('investing'), ('beginner');
INSERT INTO "_CourseToTag" ("A", "B") VALUES ('c-budget', 1), ('c-budget', 3), ('c-invest', 2), ('c-invest', 3);

INSERT INTO "Lesson" (id, "courseId", position, title, "videoUrl", "durationSec", metadata, embedding, "createdAt", "updatedAt") VALUES
  ('l-b1', 'c-budget', 1, 'Vì sao cần ngân sách', 'https://cdn.edfinance.vn/b1.mp4', 420, '{"level": "beginner", "transcriptLang": "vi", "resources": []}', array_fill(0.1, ARRAY[1536])::vector, '2026-01-11 00:00:00', now()),
  ('l-b2', 'c-budget', 2, 'Quy tắc 50/30/20', NULL, 600, '{"level": "beginner", "transcriptLang": "vi", "resources": [{"title": "Bảng tính", "url": "https://edfinance.vn/x"}], "quiz": {"questionCount": 5, "passScore": 80}}', array_fill(0.2, ARRAY[1536])::vector, '2026-01-12 00:00:00', now()),
  ('l-i1', 'c-invest', 1, 'Lãi kép', 'https://cdn.edfinance.vn/i1.mp4', 900, '{"level": "intermediate", "transcriptLang": "vi", "resources": []}', NULL, '2026-02-02 00:00:00', now()),
  ('l-c1', 'c-credit', 1, 'What is a credit score', NULL, 300, '{"level": "beginner", "transcriptLang": "en", "resources": []}', array_fill(0.3, ARRAY[1536])::vector, '2026-03-21 00:00:00', now());

INSERT INTO "Enrollment" ("userId", "courseId", status, "progressPct", "enrolledAt", "completedAt") VALUES
  ('00000000-0000-4000-8000-000000000002', 'c-budget', 'COMPLETED', 100.00, '2026-02-11 00:00:00+07', '2026-03-01 00:00:00+07'),
  ('00000000-0000-4000-8000-000000000002', 'c-invest', 'ACTIVE', 35.50, '2026-03-16 00:00:00+07', NULL),
  ('00000000-0000-4000-8000-000000000003', 'c-credit', 'ACTIVE', 10.00, '2026-03-22 00:00:00+00', NULL),
  ('00000000-0000-4000-8000-000000000005', 'c-budget', 'DROPPED', 5.00, '2026-04-03 00:00:00+07', NULL),
  ('00000000-0000-4000-8000-000000000005', 'c-invest', 'ACTIVE', 60.00, '2026-04-04 00:00:00+07', NULL);

INSERT INTO behavior_logs (user_id, lesson_id, session_id, event_type, metadata, occurred_at) VALUES
  ('00000000-0000-4000-8000-000000000002', 'l-b1', '10000000-0000-4000-8000-000000000001', 'video_play', '{"positionSec": 0, "device": "ios"}', now() - interval '1 hour'),
  ('00000000-0000-4000-8000-000000000002', 'l-b1', '10000000-0000-4000-8000-000000000001', 'lesson_completed', '{"device": "ios"}', now() - interval '50 minutes'),
  ('00000000-0000-4000-8000-000000000002', 'l-b2', '10000000-0000-4000-8000-000000000001', 'lesson_completed', '{"device": "ios", "score": 90}', now() - interval '30 minutes'),
  ('00000000-0000-4000-8000-000000000003', 'l-c1', '10000000-0000-4000-8000-000000000002', 'lesson_completed', '{"device": "web"}', now() - interval '20 minutes'),
  ('00000000-0000-4000-8000-000000000005', 'l-i1', '10000000-0000-4000-8000-000000000003', 'video_pause', '{"positionSec": 314, "device": "android"}', now() - interval '10 minutes'),
  ('00000000-0000-4000-8000-000000000005', NULL, '10000000-0000-4000-8000-000000000003', 'page_view', '{"path": "/courses"}', '2026-01-02 00:00:00+00');

INSERT INTO invoices (id, number, user_id, course_id, issued_by_id, amount_vnd, vat_rate, issued_on, due_on, created_at) VALUES
  ('inv-1', 'VEF-2026-000001', '00000000-0000-4000-8000-000000000002', 'c-budget', '00000000-0000-4000-8000-000000000004', 499000.00, 0.08, '2026-02-11', '2026-02-25', '2026-02-11 00:00:00+07'),
  ('inv-2', 'VEF-2026-000002', '00000000-0000-4000-8000-000000000002', 'c-invest', '00000000-0000-4000-8000-000000000004', 899000.00, 0.08, '2026-03-16', '2026-03-30', '2026-03-16 00:00:00+07'),
  ('inv-3', 'VEF-2026-000003', '00000000-0000-4000-8000-000000000005', 'c-invest', NULL, 899000.00, 0.08, '2026-04-04', '2026-04-18', '2026-04-04 00:00:00+07'),
  ('inv-4', 'VEF-2026-000004', '00000000-0000-4000-8000-000000000005', 'c-budget', NULL, 499000.00, 0.10, '2026-04-03', '2026-04-17', '2026-04-03 00:00:00+07');

INSERT INTO payments (id, invoice_id, provider, status, amount_vnd, provider_ref, raw_webhook, paid_at, created_at) VALUES
  ('20000000-0000-7000-8000-000000000001', 'inv-1', 'MOMO', 'SUCCEEDED', 499000.00, 'MOMO-1', '{"resultCode": 0, "transId": 1}', '2026-02-12 10:00:00+07', '2026-02-12 10:00:00+07'),
  ('20000000-0000-7000-8000-000000000002', 'inv-2', 'VNPAY', 'SUCCEEDED', 899000.00, 'VNP-2', '{"vnp_ResponseCode": "00"}', '2026-03-17 11:00:00+07', '2026-03-17 11:00:00+07'),
  ('20000000-0000-7000-8000-000000000003', 'inv-3', 'ZALOPAY', 'FAILED', 899000.00, 'ZLP-3', '{"return_code": 2}', NULL, '2026-04-04 12:00:00+07'),
  ('20000000-0000-7000-8000-000000000004', 'inv-3', 'BANK_TRANSFER', 'SUCCEEDED', 899000.00, NULL, NULL, '2026-04-05 09:00:00+07', '2026-04-05 09:00:00+07'),
  ('20000000-0000-7000-8000-000000000005', 'inv-4', 'MOMO', 'PENDING', 499000.00, 'MOMO-5', NULL, NULL, '2026-04-03 13:00:00+07');

INSERT INTO certificates (id, code, user_id, course_id, issued_at) VALUES
  ('cert-1', 'ABCDEF123456', '00000000-0000-4000-8000-000000000002', 'c-budget', '2026-03-01 12:00:00+07');
