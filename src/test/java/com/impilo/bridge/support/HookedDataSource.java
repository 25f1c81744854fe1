package com.impilo.bridge.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Predicate;

import javax.sql.DataSource;

/**
 * A state store's connections on which a test meets a race at one exact moment: right after a prepared statement of
 * the code under test has run, a step of the test's runs (another connection's commit, another claim).
 */
public final class HookedDataSource {

    /** What the test does at that moment. */
    @FunctionalInterface
    public interface Step {
        void run() throws SQLException;
    }

    private HookedDataSource() {
    }

    /**
     * The store's connections; each prepared statement whose SQL {@code matches} runs {@code then} right after each
     * call of its method {@code execute} ({@code executeQuery}, {@code executeUpdate}).
     */
    public static DataSource after(DataSource store, String execute, Predicate<String> matches, Step then) {
        ClassLoader loader = HookedDataSource.class.getClassLoader();
        return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] {DataSource.class}, (ds, method, args) -> {
            if (!method.getName().equals("getConnection")) {
                return invoke(method, store, args);
            }
            Connection real = store.getConnection();
            return Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class}, (connection, call, callArgs) -> {
                if (call.getName().equals("unwrap")) {
                    return connection;
                }
                Object result = invoke(call, real, callArgs);
                if (!call.getName().equals("prepareStatement") || !matches.test((String) callArgs[0])) {
                    return result;
                }
                PreparedStatement statement = (PreparedStatement) result;
                return Proxy.newProxyInstance(loader, new Class<?>[] {PreparedStatement.class}, (ps, run, runArgs) -> {
                    Object done = invoke(run, statement, runArgs);
                    if (run.getName().equals(execute)) {
                        then.run();
                    }
                    return done;
                });
            });
        });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
