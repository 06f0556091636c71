-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Place" (
    "id" INTEGER NOT NULL,
    "srid" INTEGER NOT NULL,

    CONSTRAINT "Place_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "topology" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "topology_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "layer" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "layer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pg_stat_statements" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "pg_stat_statements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pg_buffercache" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "pg_buffercache_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pg_stat_statements_info" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "pg_stat_statements_info_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "us_gaz" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "us_gaz_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "spatial_ref_sys_x" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "spatial_ref_sys_x_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pg_stat_monitor" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "pg_stat_monitor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "geocode_settings" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "geocode_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_TagTospatial_ref_sys" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_TagTospatial_ref_sys_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "Place_srid_idx" ON "Place"("srid");

-- CreateIndex
CREATE INDEX "_TagTospatial_ref_sys_B_index" ON "_TagTospatial_ref_sys"("B");

-- AddForeignKey
ALTER TABLE "Place" ADD CONSTRAINT "Place_srid_fkey" FOREIGN KEY ("srid") REFERENCES "gis"."spatial_ref_sys"("srid") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_TagTospatial_ref_sys" ADD CONSTRAINT "_TagTospatial_ref_sys_A_fkey" FOREIGN KEY ("A") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_TagTospatial_ref_sys" ADD CONSTRAINT "_TagTospatial_ref_sys_B_fkey" FOREIGN KEY ("B") REFERENCES "gis"."spatial_ref_sys"("srid") ON DELETE CASCADE ON UPDATE CASCADE;
