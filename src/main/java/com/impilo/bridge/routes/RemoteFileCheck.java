package com.impilo.bridge.routes;

import com.impilo.bridge.outcome.FileGrewException;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpRemoteFile;

/**
 * Before a remote file is moved away on its server: it must still be as it was downloaded. A partner that was still
 * writing it would otherwise have its last lines moved into {@code .done/} unread; a changed file stays on the
 * server, is not recorded as processed, and is downloaded and read again at the next poll.
 */
public final class RemoteFileCheck {

    /**
     * @throws FileGrewException when the file on the server has another size or modification time than the download
     */
    public void checkUnchanged(Exchange exchange) throws FileGrewException {
        Endpoint endpoint = exchange.getFromEndpoint();
        GenericFile<?> downloaded = exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
        if (!(endpoint instanceof SftpEndpoint sftp) || downloaded == null) {
            return;
        }
        // a connection of its own: the consumer's is busy with this poll
        RemoteFileOperations<SftpRemoteFile> operations = sftp.createRemoteFileOperations();
        try {
            operations.connect(sftp.getConfiguration(), exchange);
            SftpRemoteFile now = null;
            for (SftpRemoteFile file : operations.listFiles(downloaded.getParent())) {
                if (file.getFilename().equals(downloaded.getFileNameOnly())) {
                    now = file;
                }
            }
            if (now != null && (now.getFileLength() != downloaded.getFileLength()
                    || now.getLastModified() != downloaded.getLastModified())) {
                throw new FileGrewException(downloaded.getAbsoluteFilePath() + " changed on the server while it was"
                        + " read");
            }
        } catch (GenericFileOperationFailedException e) {
            throw new FileGrewException(downloaded.getAbsoluteFilePath() + " cannot be looked at again on the server: "
                    + e.getMessage());
        } finally {
            operations.disconnect();
        }
    }
}
