package dev.tidings.rest;

import jakarta.inject.Inject;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Counts every HTTP answer of 400 or more by status ({@link RefusalMetrics}): the API's own
 * problems, the transports' refusals, and what the container answers itself (a missing token,
 * a wrong role, a body over the server's limit), which reach only the error page. An answer that
 * passes both ways is counted once; an asynchronous one when it completes.
 */
@WebFilter(filterName = "refusal-counter", urlPatterns = "/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class RefusalCounter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String COUNTED = RefusalCounter.class.getName() + ".counted";

    @Inject
    RefusalMetrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            count(request, status instanceof Integer code ? code : response.getStatus());
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(request, response);
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    count(request, response.getStatus());
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                }

                @Override
                public void onError(AsyncEvent event) {
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
        } else {
            count(request, response.getStatus());
        }
    }

    private void count(HttpServletRequest request, int status) {
        if (status < 400 || request.getAttribute(COUNTED) != null) {
            return;
        }
        request.setAttribute(COUNTED, Boolean.TRUE);
        metrics.refused(status);
    }
}
