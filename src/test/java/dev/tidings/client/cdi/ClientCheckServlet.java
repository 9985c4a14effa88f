package dev.tidings.client.cdi;

import dev.tidings.client.Notification;
import dev.tidings.client.Published;
import dev.tidings.client.TidingsClient;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An application's code using the injected client (test deployment only): {@code POST /client-check?to=bob}
 * notifies {@code to} and answers the notification id.
 */
@WebServlet("/client-check")
public class ClientCheckServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient TidingsClient tidings;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Published published = tidings.notify(Notification.to(request.getParameter("to"))
                .type("check").title("sent by an injected client").build());
        response.setContentType("text/plain");
        response.getWriter().print(published.receipts().get(0).id());
    }
}
