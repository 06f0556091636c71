import Fastify from "fastify";
import { courseRoutes } from "./routes/courses.js";
import { trackingRoutes } from "./routes/tracking.js";
import { reportRoutes } from "./routes/reports.js";

const app = Fastify({ logger: true });

app.register(courseRoutes, { prefix: "/v1" });
app.register(trackingRoutes, { prefix: "/v1" });
app.register(reportRoutes, { prefix: "/v1/admin" });

await app.listen({ port: Number(process.env.PORT ?? 3000), host: "0.0.0.0" });
