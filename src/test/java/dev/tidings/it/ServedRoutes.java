package dev.tidings.it;

import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The routes the application serves, read from its compiled classes (not from a list): every
 * JAX-RS resource method under the {@code @ApplicationPath}, every {@code @WebServlet} pattern
 * with the {@code doXxx} methods its class overrides, every {@code @ServerEndpoint} (a GET
 * handshake), and for each whether the deployment descriptor's security constraints (or
 * {@code @RolesAllowed}) demand a token and a role. What a route cannot be read for (a
 * sub-resource locator, a wildcard servlet pattern, a servlet overriding {@code service}) is
 * reported as unreadable rather than skipped.
 */
final class ServedRoutes {

    enum Kind { JAX_RS, SERVLET, WEBSOCKET }

    /**
     * One method on one path.
     *
     * @param parameters          "query:after", "header:Idempotency-Key", … the code reads by annotation (JAX-RS only)
     * @param validatedPathParams path parameters that carry a Bean Validation constraint (a bad value is 400)
     * @param readsBody           the method takes an entity (JAX-RS), so it reads a request body
     * @param declaresConsumes    the method or its class declares {@code @Consumes} (another media type is 415)
     * @param authenticated       a token is required (a security constraint or {@code @RolesAllowed})
     * @param roleRestricted      a particular role is required, not just any signed-in user (so 403)
     * @param writeRated          the resource takes the caller's write rate ({@code WriteRates}): a write may be 429
     */
    record Route(String method, String path, Kind kind, String source, Set<String> parameters, Set<String> validatedPathParams,
                 boolean readsBody, boolean declaresConsumes, boolean authenticated, boolean roleRestricted, boolean writeRated) {

        String key() {
            return method + " " + path;
        }

        boolean isWrite() {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        }

        /** The names of the path's template variables, {@code {object}} → {@code object}. */
        Set<String> pathParams() {
            Set<String> names = new LinkedHashSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }

    private static final Map<String, String> SERVLET_METHODS = Map.of(
            "doGet", "GET", "doPost", "POST", "doPut", "PUT", "doDelete", "DELETE",
            "doHead", "HEAD", "doOptions", "OPTIONS", "doTrace", "TRACE");
    private static final String WRITE_RATES = "dev.tidings.security.WriteRates";

    final List<Route> routes = new ArrayList<>();
    final List<String> unreadable = new ArrayList<>();
    private final List<Constraint> constraints = new ArrayList<>();
    private final Set<String> errorPages = new TreeSet<>();

    /** A {@code <security-constraint>}: its URL patterns, HTTP methods (empty: all) and roles. */
    private record Constraint(List<String> patterns, Set<String> methods, Set<String> roles) {
    }

    /** Reads every class of package {@code dev.tidings} in the directory the application's classes were compiled to. */
    static ServedRoutes of(Class<?> anApplicationClass, InputStream webXml) {
        ServedRoutes served = new ServedRoutes();
        served.readDeploymentDescriptor(webXml);
        List<Class<?>> classes = classesBeside(anApplicationClass);
        List<String> applicationPaths = classes.stream()
                .filter(c -> c.isAnnotationPresent(ApplicationPath.class))
                .map(c -> c.getAnnotation(ApplicationPath.class).value())
                .toList();
        if (applicationPaths.size() != 1) {
            served.unreadable.add("expected one @ApplicationPath class, found " + applicationPaths);
            return served;
        }
        for (Class<?> type : classes) {
            if (type.isAnnotationPresent(Path.class) && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
                served.resource(applicationPaths.get(0), type);
            }
            if (type.isAnnotationPresent(WebServlet.class)) {
                served.servlet(type);
            }
            if (type.isAnnotationPresent(ServerEndpoint.class)) {
                served.add(new Route("GET", normalise(type.getAnnotation(ServerEndpoint.class).value()), Kind.WEBSOCKET,
                        type.getSimpleName(), Set.of(), Set.of(), false, false, false, false, false));
            }
        }
        served.routes.sort(Comparator.comparing(Route::key));
        return served;
    }

    long count(Kind kind) {
        return routes.stream().filter(r -> r.kind() == kind).count();
    }

    private void resource(String applicationPath, Class<?> type) {
        String classPath = type.getAnnotation(Path.class).value();
        boolean classRoles = type.isAnnotationPresent(RolesAllowed.class);
        boolean writeRated = Stream.of(type.getDeclaredFields()).map(Field::getType).map(Class::getName).anyMatch(WRITE_RATES::equals);
        for (Method method : type.getMethods()) {
            String httpMethod = httpMethod(method);
            if (httpMethod == null) {
                if (method.isAnnotationPresent(Path.class)) {
                    unreadable.add(type.getSimpleName() + "." + method.getName() + " is a sub-resource locator; this check does not follow those");
                }
                continue;
            }
            String methodPath = method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "";
            Set<String> parameters = new TreeSet<>();
            Set<String> validated = new TreeSet<>();
            boolean readsBody = false;
            for (Parameter parameter : method.getParameters()) {
                if (parameter.isAnnotationPresent(QueryParam.class)) {
                    parameters.add("query:" + parameter.getAnnotation(QueryParam.class).value());
                } else if (parameter.isAnnotationPresent(HeaderParam.class)) {
                    parameters.add("header:" + parameter.getAnnotation(HeaderParam.class).value());
                } else if (parameter.isAnnotationPresent(CookieParam.class)) {
                    parameters.add("cookie:" + parameter.getAnnotation(CookieParam.class).value());
                } else if (parameter.isAnnotationPresent(PathParam.class)) {
                    if (Stream.of(parameter.getAnnotations()).anyMatch(ServedRoutes::isConstraint)) {
                        validated.add(parameter.getAnnotation(PathParam.class).value());
                    }
                } else if (Stream.of(parameter.getAnnotations()).noneMatch(a -> a.annotationType().getName().startsWith("jakarta.ws.rs."))) {
                    readsBody = true;
                }
            }
            boolean consumes = method.isAnnotationPresent(Consumes.class) || type.isAnnotationPresent(Consumes.class);
            boolean roles = classRoles || method.isAnnotationPresent(RolesAllowed.class);
            String path = normalise("/" + applicationPath + "/" + classPath + "/" + methodPath);
            add(new Route(httpMethod, path, Kind.JAX_RS, type.getSimpleName() + "." + method.getName(), parameters, validated,
                    readsBody, consumes, roles, roles && !allRoles(method, type), writeRated));
        }
    }

    private void servlet(Class<?> type) {
        WebServlet annotation = type.getAnnotation(WebServlet.class);
        List<String> patterns = new ArrayList<>(List.of(annotation.urlPatterns()));
        patterns.addAll(List.of(annotation.value()));
        patterns.removeIf(errorPages::contains); // the container's error page, not a route of its own
        if (patterns.isEmpty()) {
            return;
        }
        Set<String> methods = new TreeSet<>();
        for (Class<?> c = type; c != null && c != HttpServlet.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                boolean handler = method.getParameterCount() == 2 && method.getParameterTypes()[0] == HttpServletRequest.class
                        && method.getParameterTypes()[1] == HttpServletResponse.class;
                if (handler && SERVLET_METHODS.containsKey(method.getName())) {
                    methods.add(SERVLET_METHODS.get(method.getName()));
                } else if (handler && method.getName().equals("service")) {
                    unreadable.add(type.getSimpleName() + " overrides service(): which methods it serves cannot be read");
                }
            }
        }
        for (String pattern : patterns) {
            if (pattern.contains("*")) {
                unreadable.add(type.getSimpleName() + " serves the wildcard pattern " + pattern + ", which has no OpenAPI path");
                continue;
            }
            for (String method : methods) {
                add(new Route(method, normalise(pattern), Kind.SERVLET, type.getSimpleName(), Set.of(), Set.of(),
                        false, false, false, false, false));
            }
        }
    }

    /** Adds a route with what the deployment descriptor's security constraints say about it. */
    private void add(Route route) {
        boolean authenticated = route.authenticated();
        boolean restricted = route.roleRestricted();
        for (Constraint constraint : constraints) {
            boolean method = constraint.methods().isEmpty() || constraint.methods().contains(route.method());
            if (method && constraint.patterns().stream().anyMatch(p -> matches(p, route.path()))) {
                authenticated = true;
                restricted |= constraint.roles().stream().anyMatch(role -> !role.equals("**") && !role.equals("*"));
            }
        }
        routes.add(new Route(route.method(), route.path(), route.kind(), route.source(), route.parameters(),
                route.validatedPathParams(), route.readsBody(), route.declaresConsumes(), authenticated, restricted, route.writeRated()));
    }

    /** Servlet URL pattern matching (exact, {@code /prefix/*}, {@code *.ext}); a path variable matches like any segment. */
    static boolean matches(String pattern, String path) {
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
        if (pattern.startsWith("*.")) {
            return path.endsWith(pattern.substring(1));
        }
        return path.equals(pattern);
    }

    private void readDeploymentDescriptor(InputStream webXml) {
        try (webXml) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            Document document = factory.newDocumentBuilder().parse(webXml);
            NodeList secured = document.getElementsByTagName("security-constraint");
            for (int i = 0; i < secured.getLength(); i++) {
                Element constraint = (Element) secured.item(i);
                if (constraint.getElementsByTagName("auth-constraint").getLength() == 0) {
                    continue; // no auth-constraint: no authentication required
                }
                constraints.add(new Constraint(texts(constraint, "url-pattern"), new TreeSet<>(texts(constraint, "http-method")),
                        new TreeSet<>(texts(constraint, "role-name"))));
            }
            errorPages.addAll(texts(document.getDocumentElement(), "location"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("web.xml cannot be read", e);
        }
    }

    private static List<String> texts(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static boolean allRoles(Method method, Class<?> type) {
        RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                : type.getAnnotation(RolesAllowed.class);
        return roles != null && Set.of(roles.value()).equals(Set.of("**"));
    }

    private static boolean isConstraint(Annotation annotation) {
        return annotation.annotationType().isAnnotationPresent(jakarta.validation.Constraint.class)
                || annotation.annotationType().getName().startsWith("jakarta.validation.constraints.");
    }

    /**
     * {@code //api/v1/objects/{object: [^/]+}/likes/} → {@code /api/v1/objects/{object}/likes}: one
     * slash between segments, none at the end, template variables without their regular expression.
     */
    static String normalise(String path) {
        StringBuilder plain = new StringBuilder();
        int depth = 0;
        boolean inName = false;
        for (char c : path.toCharArray()) {
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    inName = true;
                    plain.append('{');
                }
                continue;
            }
            if (c == '}') {
                depth--;
                if (depth == 0) {
                    inName = false;
                    plain.append('}');
                }
                continue;
            }
            if (depth > 0) {
                if (c == ':') {
                    inName = false;
                }
                if (inName && !Character.isWhitespace(c)) {
                    plain.append(c);
                }
                continue;
            }
            plain.append(c);
        }
        String collapsed = ("/" + plain).replaceAll("/+", "/");
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
    }

    /** Every class under {@code dev/tidings} of the classes directory (or jar) {@code anApplicationClass} was loaded from. */
    private static List<Class<?>> classesBeside(Class<?> anApplicationClass) {
        java.nio.file.Path root;
        try {
            root = java.nio.file.Path.of(anApplicationClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException(root + " is not a directory of compiled classes");
        }
        java.nio.file.Path base = root.resolve("dev/tidings");
        try (Stream<java.nio.file.Path> files = Files.walk(base)) {
            List<Class<?>> classes = new ArrayList<>();
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '.');
                name = name.substring(0, name.length() - ".class".length());
                if (name.endsWith("package-info") || name.endsWith("module-info")) {
                    continue;
                }
                classes.add(Class.forName(name, false, anApplicationClass.getClassLoader()));
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
