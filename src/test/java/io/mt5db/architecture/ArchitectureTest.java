package io.mt5db.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The allowed directions between the feature packages (the architecture guide's rules): data flows
 * one way (ingest, then aggregation, indicators, ml, signals; later stages learn of stored data
 * through ingest's hooks, e.g. {@code ingest.CandleChangeHooks.Listener}), pure math stays free of
 * frameworks and JDBC, and {@code ops} is the launcher's wiring that no feature leans on (modules
 * add to /health through SmallRye Health checks, see {@code common.HealthChecks}). A new dependency
 * that breaks a rule fails here, naming the offending classes and lines.
 */
@AnalyzeClasses(packages = "io.mt5db", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Framework, JDBC and JSON types that pure logic must not see. */
    private static final String[] FRAMEWORK = { "io.quarkus..", "jakarta..", "javax.sql..", "java.sql..",
            "com.fasterxml.jackson..", "org.eclipse.microprofile..", "io.smallrye..", "io.agroal..",
            "org.postgresql..", "org.hibernate..", "io.micrometer..", "io.opentelemetry..", "io.vertx.." };

    @ArchTest
    static final ArchRule pureMathUsesNoFrameworkNorJdbc = noClasses()
            .that().resideInAnyPackage("io.mt5db.indicators.math..", "io.mt5db.aggregation.math..",
                    "io.mt5db.ml.features..", "io.mt5db.ml.training..", "io.mt5db.ml.backtest..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORK)
            .because("pure logic is unit-tested on its own, without a container or a database");

    @ArchTest
    static final ArchRule nothingUsesOps = noClasses()
            .that().resideOutsideOfPackage("io.mt5db.ops..")
            .should().dependOnClassesThat().resideInAPackage("io.mt5db.ops..")
            .because("ops wires the process together (launcher, health, embedded database); features report"
                    + " through standard beans such as SmallRye Health checks instead");

    @ArchTest
    static final ArchRule ingestKnowsNoLaterStage = noClasses()
            .that().resideInAPackage("io.mt5db.ingest..")
            .should().dependOnClassesThat().resideInAnyPackage("io.mt5db.ml..", "io.mt5db.signals..",
                    "io.mt5db.aggregation..", "io.mt5db.indicators..")
            .because("later stages learn of stored data through ingest's hooks and marks, never the other way");

    @ArchTest
    static final ArchRule indicatorsKnowNothingOfMl = noClasses()
            .that().resideInAPackage("io.mt5db.indicators..")
            .should().dependOnClassesThat().resideInAPackage("io.mt5db.ml..");

    @ArchTest
    static final ArchRule signalsKnowNothingOfIngest = noClasses()
            .that().resideInAPackage("io.mt5db.signals..")
            .should().dependOnClassesThat().resideInAnyPackage("io.mt5db.ingest..", "io.mt5db.ml..");

    @ArchTest
    static final ArchRule marketKnowsNoWriterOrStage = noClasses()
            .that().resideInAPackage("io.mt5db.market..")
            .should().dependOnClassesThat().resideInAnyPackage("io.mt5db.ingest..", "io.mt5db.aggregation..",
                    "io.mt5db.indicators..", "io.mt5db.ml..")
            .because("market is the read model every stage uses; it must not depend on a stage");

    @ArchTest
    static final ArchRule commonIsProjectFree = noClasses()
            .that().resideInAPackage("io.mt5db.common..")
            .should().dependOnClassesThat(resideInAPackage("io.mt5db..").and(resideOutsideOfPackage("io.mt5db.common..")))
            .because("the shared rules depend on no feature");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.mt5db.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule signalPartsHaveNoCycles = slices().matching("io.mt5db.signals.(*)..").should().beFreeOfCycles()
            .because("history, pauses, trades and expiry build on the queue; the queue knows none of them");
}
