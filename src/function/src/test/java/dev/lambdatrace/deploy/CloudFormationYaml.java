package dev.lambdatrace.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation or SAM template, turning the short intrinsic tags ({@code !Ref x}, {@code !Sub s},
 * {@code !If [...]}) into their long form ({@code {Ref: x}}), as CloudFormation itself does.
 */
final class CloudFormationYaml {

    private static final String[] FUNCTIONS = { "Ref", "Sub", "GetAtt", "If", "Not", "Equals", "And", "Or",
            "Join", "Select", "Split", "FindInMap", "ImportValue", "Base64", "Cidr", "GetAZs", "Condition" };

    static Map<String, Object> load(Path template) throws IOException {
        LoaderOptions options = new LoaderOptions();
        return new Yaml(new IntrinsicConstructor(options)).load(Files.readString(template));
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            for (String function : FUNCTIONS) {
                String key = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                yamlConstructors.put(new Tag("!" + function), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode scalar) {
                            value = constructScalar(scalar);
                        } else if (node instanceof SequenceNode sequence) {
                            value = constructSequence(sequence);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(key, value);
                    }
                });
            }
        }
    }

    private CloudFormationYaml() {
    }
}
