-- CreateTable
CREATE TABLE "CcgSuccessor" (
    "oldCode" TEXT NOT NULL,
    "oldName" TEXT,
    "successorCode" TEXT NOT NULL,
    "successorName" TEXT,
    "validFrom" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CcgSuccessor_pkey" PRIMARY KEY ("oldCode")
);

-- CreateTable
CREATE TABLE "CcgObjective" (
    "organisationCode" TEXT NOT NULL,
    "indicatorCode" TEXT NOT NULL,
    "yearStart" DATE NOT NULL,
    "objective" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CcgObjective_pkey" PRIMARY KEY ("organisationCode","indicatorCode","yearStart")
);

