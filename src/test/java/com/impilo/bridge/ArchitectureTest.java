package com.impilo.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bridge's layers, and that every dependency runs down them: a class may use the layers below its own, never one
 * above. Checked on the compiled classes (ArchUnit) and on the sources' imports, which also see the constants that
 * the compiler copies into the classes that use them. A format of partner files is a package of its own that knows
 * no other format.
 */
class ArchitectureTest {

    private static final String BASE = "com.impilo.bridge";

    /** One layer: its name and which top-level classes belong to it, by package and simple name. */
    private record Layer(String name, BiPredicate<String, String> contains) {

        static Layer packages(String name, String... packages) {
            return new Layer(name, (pkg, simpleName) -> Arrays.stream(packages)
                    .anyMatch(layerPackage -> pkg.equals(BASE + "." + layerPackage)
                            || pkg.startsWith(BASE + "." + layerPackage + ".")));
        }

        static Layer exactPackage(String name, String layerPackage) {
            return new Layer(name, (pkg, simpleName) -> pkg.equals(BASE + "." + layerPackage));
        }
    }

    /** Top to bottom: each layer may use those below it. */
    private static final List<Layer> LAYERS = List.of(
            new Layer("main", (pkg, name) -> pkg.equals(BASE) && name.equals("OrderBridgeApplication")),
            Layer.packages("cli", "cli"),
            new Layer("wiring", (pkg, name) -> pkg.equals(BASE) && !name.equals("OrderBridgeApplication")),
            Layer.packages("observe", "observe"),
            Layer.packages("routes", "routes"),
            Layer.packages("feed", "feed"),
            Layer.packages("api", "api"),
            Layer.packages("outcome", "outcome"),
            Layer.packages("store", "store"),
            Layer.packages("ingest.reader", "ingest.reader"),
            Layer.packages("formats", "ingest.json", "ingest.ndjson", "ingest.csv", "ingest.x12"),
            Layer.exactPackage("ingest", "ingest"),
            Layer.packages("validate", "validate"),
            Layer.packages("settings", "settings"),
            Layer.packages("model", "model"),
            Layer.packages("text", "text"));

    /** The sandbox API stands beside the bridge: it knows only the model, and only the commands start it. */
    private static final Layer SANDBOX = Layer.packages("sandbox", "sandbox");

    private static final List<String> FORMATS = List.of("json", "ndjson", "csv", "x12");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void every_dependency_between_layers_runs_down() {
        LayeredArchitecture architecture = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Layer layer : layersWithSandbox()) {
            architecture = architecture.layer(layer.name()).definedBy(classesOf(layer));
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            List<String> below = new ArrayList<>(LAYERS.subList(i + 1, LAYERS.size()).stream().map(Layer::name)
                    .toList());
            if (LAYERS.get(i).name().equals("cli")) {
                below.add(SANDBOX.name());
            }
            architecture = below.isEmpty() ? architecture.whereLayer(LAYERS.get(i).name()).mayNotAccessAnyLayer()
                    : architecture.whereLayer(LAYERS.get(i).name()).mayOnlyAccessLayers(below.toArray(String[]::new));
        }
        architecture = architecture.whereLayer(SANDBOX.name()).mayOnlyAccessLayers("model", "text")
                .whereLayer(SANDBOX.name()).mayOnlyBeAccessedByLayers("cli")
                .ensureAllClassesAreContainedInArchitecture();

        architecture.check(classes);
    }

    @Test
    void every_import_between_layers_runs_down() throws IOException {
        Pattern importLine = Pattern.compile("^import (?:static )?(" + Pattern.quote(BASE) + "(?:\\.[a-z]\\w*)*)\\."
                + "([A-Z]\\w*)", Pattern.MULTILINE);
        List<String> upward = new ArrayList<>();
        Path sources = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String pkg = sources.relativize(file.getParent()).toString().replace('/', '.');
                String simpleName = file.getFileName().toString().replace(".java", "");
                int from = layerIndex(pkg, simpleName);
                Matcher imported = importLine.matcher(Files.readString(file));
                while (imported.find()) {
                    int to = layerIndex(imported.group(1), imported.group(2));
                    if (!allowed(from, to)) {
                        upward.add(pkg + "." + simpleName + " (" + name(from) + ") imports " + imported.group(1)
                                + "." + imported.group(2) + " (" + name(to) + ")");
                    }
                }
            }
        }

        assertThat(upward).as("imports that run up the layers").isEmpty();
    }

    @Test
    void a_format_of_partner_files_knows_no_other_format() {
        for (String format : FORMATS) {
            String[] others = Stream.concat(FORMATS.stream().filter(other -> !other.equals(format)), Stream.of("reader"))
                    .map(other -> BASE + ".ingest." + other + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(BASE + ".ingest." + format + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(classes);
        }
    }

    @Test
    void what_decides_outcomes_knows_nothing_of_camel_exchanges() {
        noClasses().that().resideInAnyPackage(BASE + ".outcome..", BASE + ".feed..", BASE + ".store..",
                        BASE + ".ingest..", BASE + ".validate..", BASE + ".settings..", BASE + ".model..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.camel.Exchange")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.camel.Message")
                .because("outcome logic is plain classes unit-tested without Camel; routes.BridgeExchange adapts")
                .check(classes);
    }

    private static List<Layer> layersWithSandbox() {
        List<Layer> all = new ArrayList<>(LAYERS);
        all.add(SANDBOX);
        return all;
    }

    private static DescribedPredicate<JavaClass> classesOf(Layer layer) {
        return DescribedPredicate.describe("classes of layer " + layer.name(), javaClass -> {
            if (!javaClass.getName().startsWith(BASE + ".")) {
                return false;
            }
            String topLevel = javaClass.getName().substring(javaClass.getPackageName().length() + 1).split("\\$")[0];
            return layer.contains().test(javaClass.getPackageName(), topLevel);
        });
    }

    // Index in LAYERS; the sandbox is -1; a class outside every layer is -2.
    private static int layerIndex(String pkg, String simpleName) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains().test(pkg, simpleName)) {
                return i;
            }
        }
        return SANDBOX.contains().test(pkg, simpleName) ? -1 : -2;
    }

    private static boolean allowed(int from, int to) {
        if (from == to) {
            return true;
        }
        if (from == -1 || to == -1) {
            return from == -1 ? name(to).equals("model") || name(to).equals("text") : name(from).equals("cli");
        }
        return from >= 0 && to > from;
    }

    private static String name(int index) {
        return index >= 0 ? LAYERS.get(index).name() : index == -1 ? SANDBOX.name() : "no layer";
    }
}
