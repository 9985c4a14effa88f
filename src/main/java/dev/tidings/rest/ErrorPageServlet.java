package dev.tidings.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The web.xml error page: errors raised by the container itself (a missing or invalid token,
 * a wrong role, an unknown page) get the same problem+json shape as the API's own.
 */
@WebServlet(name = "problems", urlPatterns = "/problem")
public class ErrorPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 404;
        Problems.write(response, status, detail(status));
    }

    private static String detail(int status) {
        return switch (status) {
            case 401 -> "present a valid bearer token (Authorization: Bearer <jwt>)";
            case 403 -> "this token's groups do not allow this call";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 413 -> "the request is larger than this server accepts";
            default -> status >= 500 ? "an unexpected error occurred; it has been logged" : null;
        };
    }
}
