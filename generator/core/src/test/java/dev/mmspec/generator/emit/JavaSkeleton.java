package dev.mmspec.generator.emit;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * What javac makes of a source file once comments and the values of literals are set aside: the kind of every tree node
 * and every name, in order. Two files with equal skeletons hold the same code, so a spec string that reached its file
 * only inside comments and literals left the code as it was; one that escaped them (a {@code *}{@code /} closing a
 * Javadoc) adds nodes. Parsed by javac itself, Unicode escapes included.
 */
final class JavaSkeleton {
    private JavaSkeleton() {}

    static List<String> of(String source) {
        return of(List.of(source)).get(0);
    }

    /** @return the skeleton of each of {@code sources}, parsed in one javac run. */
    static List<List<String>> of(List<String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            String source = sources.get(i);
            units.add(new SimpleJavaFileObject(URI.create("string:///Unit" + i + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            });
        }
        JavacTask task =
                (JavacTask) javac.getTask(new StringWriter(), null, d -> {}, List.of("-proc:none"), null, units);
        List<List<String>> skeletons = new ArrayList<>();
        try {
            for (CompilationUnitTree tree : task.parse()) {
                List<String> out = new ArrayList<>();
                skeletons.add(out);
                new TreeScanner<Void, Void>() {
                    @Override
                    public Void scan(Tree node, Void unused) {
                        if (node != null) {
                            out.add(node.getKind().name());
                        }
                        return super.scan(node, unused);
                    }

                    @Override
                    public Void visitClass(com.sun.source.tree.ClassTree node, Void unused) {
                        out.add(node.getSimpleName().toString());
                        return super.visitClass(node, unused);
                    }

                    @Override
                    public Void visitIdentifier(IdentifierTree node, Void unused) {
                        out.add(node.getName().toString());
                        return null;
                    }

                    @Override
                    public Void visitMemberSelect(MemberSelectTree node, Void unused) {
                        out.add("." + node.getIdentifier());
                        return super.visitMemberSelect(node, unused);
                    }

                    @Override
                    public Void visitMethod(MethodTree node, Void unused) {
                        out.add(node.getName().toString());
                        return super.visitMethod(node, unused);
                    }

                    @Override
                    public Void visitVariable(VariableTree node, Void unused) {
                        out.add(node.getName().toString());
                        return super.visitVariable(node, unused);
                    }

                    @Override
                    public Void visitLiteral(LiteralTree node, Void unused) {
                        return null; // a literal's value may be anything: only that it is one counts
                    }
                }.scan(tree, null);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return skeletons;
    }
}
