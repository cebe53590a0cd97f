-- CreateTable
CREATE TABLE "ExportProgress" (
    "requestId" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "method" TEXT,
    "ordersDone" INTEGER NOT NULL DEFAULT 0,
    "ordersTotal" INTEGER,
    "problem" TEXT,
    "startedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ExportProgress_shopDomain_idx" ON "ExportProgress"("shopDomain");

