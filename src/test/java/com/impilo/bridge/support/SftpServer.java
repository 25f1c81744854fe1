package com.impilo.bridge.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (Apache MINA SSHD) on a free loopback port, for one test: an ed25519 host key, one user who logs
 * in with a generated ed25519 key pair (written as an OpenSSH key file, with a passphrase) or a password, and a virtual file
 * system rooted in a folder of the test. It can be stopped and started again on the same port with the same host key.
 */
public final class SftpServer implements AutoCloseable {

    public static final String USER = "partner";
    // Characters that mean something in an endpoint URI, a query string or a placeholder, so that a secret holding
    // them is proved to pass unharmed (and unprinted)
    public static final String PASSWORD = "sftp)&pw=%41+#}-" + Long.toHexString(System.nanoTime());
    public static final String KEY_PASSPHRASE = "key(&pass)=?%2B-" + Long.toHexString(System.nanoTime());

    private final Path root;
    private final Path keys;
    private final KeyPair hostKey;
    private final KeyPair clientKey;
    private SshServer server;
    private int port;

    private SftpServer(Path root, Path keys, KeyPair hostKey, KeyPair clientKey) {
        this.root = root;
        this.keys = keys;
        this.hostKey = hostKey;
        this.clientKey = clientKey;
    }

    /**
     * Starts a server whose login folder is {@code root}; key files and known_hosts are written to {@code keys}.
     */
    public static SftpServer start(Path root, Path keys) throws IOException, GeneralSecurityException {
        Files.createDirectories(root);
        Files.createDirectories(keys);
        SftpServer sftp = new SftpServer(root, keys, ed25519(), ed25519());
        sftp.writeClientKey();
        sftp.listen(0);
        sftp.writeKnownHosts();
        return sftp;
    }

    /** Stops the server at once, dropping every open session, as a crashed or rebooted server would. */
    public void stop() throws IOException {
        server.stop(true);
    }

    /** Starts the server again on the same port, with the same host key and files. */
    public void restart() throws IOException {
        listen(port);
    }

    public int port() {
        return port;
    }

    public Path root() {
        return root;
    }

    /** The client's private key: OpenSSH format, encrypted with {@link #KEY_PASSPHRASE}. */
    public Path privateKeyFile() {
        return keys.resolve("id_ed25519");
    }

    /** A known_hosts file naming this server's host key. */
    public Path knownHostsFile() {
        return keys.resolve("known_hosts");
    }

    /** A known_hosts file that knows another server only: this server's host key is unknown to it. */
    public Path knownHostsOfAnotherServer() throws GeneralSecurityException, IOException {
        Path file = keys.resolve("other_known_hosts");
        Files.writeString(file, "[127.0.0.1]:1 " + PublicKeyEntry.toString(ed25519().getPublic()) + "\n",
                StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * The settings of an SFTP source named {@code name} that logs in with the key, reading {@code folder}; the
     * passphrase is handed over the way an operator does, from the environment through a placeholder.
     */
    public Map<String, String> source(String name, String folder) {
        Map<String, String> settings = new HashMap<>();
        String prefix = "bridge.sources." + name + ".";
        settings.put(prefix + "type", "sftp");
        settings.put(prefix + "host", "127.0.0.1");
        settings.put(prefix + "port", String.valueOf(port));
        settings.put(prefix + "user", USER);
        settings.put(prefix + "path", folder);
        settings.put(prefix + "known-hosts-file", knownHostsFile().toString());
        settings.put(prefix + "private-key-file", privateKeyFile().toString());
        settings.put(prefix + "private-key-passphrase", KEY_PASSPHRASE);
        return settings;
    }

    /** The settings of an SFTP source named {@code name} that logs in with the password, reading {@code folder}. */
    public Map<String, String> passwordSource(String name, String folder) {
        Map<String, String> settings = source(name, folder);
        String prefix = "bridge.sources." + name + ".";
        settings.remove(prefix + "private-key-file");
        settings.remove(prefix + "private-key-passphrase");
        settings.put(prefix + "password", PASSWORD);
        return settings;
    }

    /**
     * Puts a complete file into a remote folder, as an upload that ended a minute ago: written under a temporary
     * name, renamed, and with a modification time old enough for any read lock.
     */
    public Path upload(String folder, String name, String content) {
        try {
            Path dir = Files.createDirectories(root.resolve(folder));
            Path temp = dir.resolve(name + ".part");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofMinutes(1))));
            return Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file(String folder, String name) {
        return root.resolve(folder).resolve(name);
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.stop(true);
        }
    }

    private void listen(int wantedPort) throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(wantedPort);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && KeyUtils.compareKeys(key, clientKey.getPublic()));
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        server = sshd;
        port = sshd.getPort();
    }

    private void writeClientKey() throws IOException, GeneralSecurityException {
        OpenSSHKeyEncryptionContext encryption = new OpenSSHKeyEncryptionContext();
        encryption.setPassword(KEY_PASSPHRASE);
        encryption.setCipherName("AES");
        encryption.setCipherType("256");
        encryption.setCipherMode("CTR");
        try (OutputStream out = Files.newOutputStream(privateKeyFile())) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "bridge-test", encryption, out);
        }
    }

    // Non-standard ports are written [host]:port, as ssh-keyscan -p does.
    private void writeKnownHosts() throws IOException {
        Files.writeString(knownHostsFile(), "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic())
                + "\n", StandardCharsets.US_ASCII);
    }

    // ed25519, as ssh-keygen makes by default; JSch handles it only when its Multi-Release classes load (jar test).
    private static KeyPair ed25519() throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }
}
