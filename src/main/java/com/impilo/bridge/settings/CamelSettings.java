package com.impilo.bridge.settings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.camel.catalog.ConfigurationPropertiesValidationResult;
import org.apache.camel.catalog.RuntimeCamelCatalog;
import org.apache.camel.catalog.impl.AbstractCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.tooling.model.BaseOptionModel;
import org.apache.camel.tooling.model.JsonMapper;
import org.apache.camel.tooling.model.MainModel;

/**
 * Checks the {@code camel.*} settings a user wrote against Camel's own catalog before Camel starts, so that a typo is
 * one line naming the key, its file and line and the closest valid key, not a stack trace from Camel's start.
 */
public final class CamelSettings {

    private static final String COMPONENT = "camel.component.";
    // Groups whose keys name the user's own beans, formats or templates: Camel binds them freely, so no list holds them.
    private static final List<String> FREE_FORM = List.of("camel.beans.", "camel.bean.", "camel.dataformat.",
            "camel.language.", "camel.variable.", "camel.routetemplate.", "camel.route-template.", "camel.kamelet.");

    private CamelSettings() {
    }

    /** One line for each {@code camel.*} setting a user wrote that Camel cannot bind or whose value it cannot take. */
    public static List<String> problems(Configuration configuration) {
        Map<String, Configuration.Setting> written = new TreeMap<>();
        configuration.settings().forEach((key, setting) -> {
            if (key.startsWith("camel.") && setting.userSet()) {
                written.put(key, setting);
            }
        });
        if (written.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        // an unstarted context only to reach Camel's catalog of the components and options in this jar
        DefaultCamelContext context = new DefaultCamelContext(false);
        try {
            context.build();
            AbstractCamelCatalog catalog = (AbstractCamelCatalog) context.getCamelContextExtension()
                    .getContextPlugin(RuntimeCamelCatalog.class);
            for (Map.Entry<String, Configuration.Setting> entry : written.entrySet()) {
                check(catalog, configuration, entry.getKey(), entry.getValue().origin()).ifPresent(problems::add);
            }
        } finally {
            context.stop();
        }
        return problems;
    }

    private static Optional<String> check(AbstractCamelCatalog catalog, Configuration configuration, String key,
                                          String origin) {
        String named = key + " (" + origin + ")";
        if (FREE_FORM.stream().anyMatch(key.toLowerCase(Locale.ROOT)::startsWith)) {
            return Optional.empty();
        }
        List<String> options;
        String group;
        if (key.startsWith(COMPONENT)) {
            String rest = key.substring(COMPONENT.length());
            int dot = rest.indexOf('.');
            String component = dot < 0 ? rest : rest.substring(0, dot);
            String json = catalog.componentJSonSchema(component);
            if (json == null || dot < 0) {
                return Optional.of(named + " is not a Camel setting: the bridge has no Camel component named \""
                        + component + "\"");
            }
            group = COMPONENT + component;
            options = JsonMapper.generateComponentModel(json).getComponentOptions().stream()
                    .map(BaseOptionModel::getName).toList();
        } else {
            MainModel main = catalog.mainModel();
            Optional<String> mainGroup = main.getGroups().stream().map(MainModel.MainGroupModel::getName)
                    .filter(name -> key.startsWith(name + "."))
                    .max(Comparator.comparingInt(String::length));
            if (mainGroup.isEmpty()) {
                return Optional.of(named + " is not a Camel setting");
            }
            group = mainGroup.get();
            options = main.getOptions().stream().map(MainModel.MainOptionModel::getName)
                    .filter(name -> name.startsWith(group + ".") && name.indexOf('.', group.length() + 1) < 0)
                    .map(name -> name.substring(group.length() + 1)).toList();
        }
        String option = key.substring(group.length() + 1);
        // nested options (maps, lists) are bound by their first part
        String head = option.split("[.\\[]", 2)[0];
        if (options.stream().noneMatch(known -> normalized(known).equals(normalized(head)))) {
            Set<String> spelled = options.stream().map(CamelSettings::kebab).collect(Collectors.toSet());
            return Optional.of(named + " is not a Camel setting"
                    + DidYouMean.suggest(kebab(head), spelled).map(known -> ": did you mean " + group + "." + known + "?")
                    .orElse(""));
        }
        if (!head.equals(option) || !(key.startsWith(COMPONENT) || key.startsWith("camel.main."))) {
            return Optional.empty();
        }
        String value;
        try {
            value = configuration.get(key).orElse("");
        } catch (IllegalArgumentException e) {
            return Optional.of(named + " cannot be resolved: " + e.getMessage());
        }
        ConfigurationPropertiesValidationResult result = catalog.validateConfigurationProperty(key + "=" + value);
        return result.hasErrors() ? Optional.of(named + ": Camel cannot take the value \"" + value + "\""
                + expected(result)) : Optional.empty();
    }

    private static String expected(ConfigurationPropertiesValidationResult result) {
        if (result.getInvalidInteger() != null || result.getInvalidNumber() != null) {
            return ", it needs a number";
        }
        if (result.getInvalidBoolean() != null) {
            return ", it needs true or false";
        }
        if (result.getInvalidDuration() != null) {
            return ", it needs a duration";
        }
        if (result.getInvalidEnum() != null) {
            return ", it needs one of its listed values";
        }
        return "";
    }

    private static String normalized(String option) {
        return option.replace("-", "").toLowerCase(Locale.ROOT);
    }

    // connectTimeout -> connect-timeout, as the bridge's own files spell Camel's options
    private static String kebab(String option) {
        return option.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
