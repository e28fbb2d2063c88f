package dev.llmchat.backend.transfer;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Imports a file as new chats of the user: the whole file is read and checked first, so a file that is not JSON or
 * not an export changes nothing; then each accepted conversation is stored in a transaction of its own.
 */
@Service
class ImportService {

	private final ImportReader reader;

	private final TransferStore store;

	ImportService(ImportReader reader, TransferStore store) {
		this.reader = reader;
		this.store = store;
	}

	ImportResult importFile(long userId, InputStream body) {
		List<Candidate> candidates = this.reader.read(body);
		List<ImportResult.Rejected> rejected = candidates.stream()
			.filter(candidate -> !candidate.accepted())
			.map(candidate -> new ImportResult.Rejected(candidate.index(), candidate.title(), candidate.reason()))
			.toList();
		if (rejected.size() == candidates.size()) {
			throw new ImportRefusedException(HttpStatus.UNPROCESSABLE_CONTENT, candidates.isEmpty()
					? "The file holds no conversations." : "No conversation of the file could be imported; "
							+ "\"rejected\" says why for each.", rejected);
		}
		List<ImportResult.Imported> imported = new ArrayList<>();
		for (Candidate candidate : candidates) {
			if (candidate.accepted()) {
				long chatId = this.store.insert(userId, candidate.chat());
				imported.add(new ImportResult.Imported(candidate.index(), candidate.chat().title(), chatId,
						candidate.chat().messages().size()));
			}
		}
		return new ImportResult(imported, rejected);
	}

}
