package io.tablemover.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's structure rules (issue 8): packages form no cycle, only the CLI reaches the run loop, the shipped
 * engine carries no test machinery, and no source file of the engine grows past 300 lines.
 */
class ArchitectureTest {
    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tablemover.engine");
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.tablemover.engine.(*)..").should().beFreeOfCycles().check(engine);
    }

    @Test
    void onlyTheCliUsesTheRunLoop() {
        noClasses().that().resideOutsideOfPackages("io.tablemover.engine.run..", "io.tablemover.engine.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.tablemover.engine.run..").check(engine);
    }

    @Test
    void theEngineCarriesNoTestMachinery() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.testcontainers..",
                "io.tablemover.testing..", "io.tablemover.demo..").check(engine);
    }

    @Test
    void noSourceFileIsLongerThan300Lines() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(main)) {
            tooLong = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 300)
                    .map(f -> main.relativize(f) + " (" + lines(f) + " lines)").sorted().toList();
        }
        assertEquals(List.of(), tooLong, "split these files");
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
