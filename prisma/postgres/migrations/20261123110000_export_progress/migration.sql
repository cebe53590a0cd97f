-- CreateTable
CREATE TABLE "ExportProgress" (
    "requestId" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "method" TEXT,
    "ordersDone" INTEGER NOT NULL DEFAULT 0,
    "ordersTotal" INTEGER,
    "problem" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExportProgress_pkey" PRIMARY KEY ("requestId")
);

-- CreateIndex
CREATE INDEX "ExportProgress_shopDomain_idx" ON "ExportProgress"("shopDomain");

