package dev.mmspec.generator.check;

import dev.mmspec.generator.ast.ExpressionSyntax;
import java.util.Map;

/**
 * What the scenarios concern ({@link ScenarioChecker}) learned: the value of every scenario argument that is a constant
 * of its parameter's type. Unmodifiable; arguments are keys by identity.
 */
public record ScenarioAttribution(Map<ExpressionSyntax, Integer> argumentValues) {
    public ScenarioAttribution {
        argumentValues = Frozen.identity(argumentValues);
    }
}
