/*
 * test_http_detail_key.c — refusal details with values (qerr_detail_key):
 * the English text for logs, the catalogue text in kk/ru/en with the values
 * in place, words among the values translated, dates as DD.MM.YYYY, long
 * values cut without overflow, and a plain qerr_detail still translated by
 * its "detail:<text>" entry. Table-driven with want_* fields.
 */
#include "tap.h"

#include <stdlib.h>

#include "core/qerr.h"
#include "http/i18n.h"

struct render_case {
	const char *lang;
	const char *want;
};

int
main(void)
{
	const char *data = getenv("QUPIYA_DATA");
	char path[4096], err[256], buf[512], long_value[400];
	struct i18n *m;
	struct qerr e = {0};

	snprintf(path, sizeof path, "%s/messages", data ? data : "data");
	m = i18n_load(path, err, sizeof err);
	CHECK(m != NULL);
	if (m == NULL) {
		fprintf(stderr, "%s\n", err);
		return tap_done();
	}

	/* A date: ISO in the log, DD.MM.YYYY in every answer. */
	qerr_rule(&e, "term_exceeds_limit", "20, 20.3");
	qerr_detail_key(&e, "latest_allowed", "latest allowed {date}", "date", "2055-06-01", NULL);
	CHECK_STR(e.detail, "latest allowed 2055-06-01");
	{
		static const struct render_case cases[] = {
			{"en", "latest allowed 01.06.2055"},
			{"ru", "самая поздняя допустимая дата: 01.06.2055"},
			{"kk", "ең кеш рұқсат етілген күн: 01.06.2055"},
		};
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
			CHECK_STR(i18n_detail_of(m, cases[i].lang, &e, buf, sizeof buf), cases[i].want);
	}

	/* Two values, one of them a word of the program translated. */
	qerr_set(&e, QERR_RULE, "prerequisites_missing", "29.1", "verification");
	qerr_detail_key(&e, "prerequisite", "{field} {why}", "field", "verification", "why",
	                "failed", NULL);
	CHECK_STR(e.detail, "verification failed");
	CHECK_STR(i18n_detail_of(m, "ru", &e, buf, sizeof buf), "проверка: не пройдена");
	CHECK_STR(i18n_detail_of(m, "kk", &e, buf, sizeof buf), "тексеру: өтпеді");

	/* An account number is data: it stays as typed. */
	qerr_set(&e, QERR_CONFLICT, "duplicate", NULL, "carrier_ids");
	qerr_detail_key(&e, "recipient_has_account",
	                "the recipient already registers account number {account_number}",
	                "account_number", "12/345-ss", NULL);
	CHECK_STR(i18n_detail_of(m, "kk", &e, buf, sizeof buf),
	          "алушыда 12/345-ss есептік нөмірі тіркеліп қойған");

	/* A key no catalogue has: English only, kk/ru get nothing. */
	qerr_detail_key(&e, "no_such_key_here", "copy {n}", "n", "3", NULL);
	CHECK_STR(i18n_detail_of(m, "en", &e, buf, sizeof buf), "copy 3");
	CHECK(i18n_detail_of(m, "kk", &e, buf, sizeof buf) == NULL);

	/* A value longer than the room: cut, terminated, the key kept. */
	memset(long_value, 'x', sizeof long_value - 1);
	long_value[sizeof long_value - 1] = '\0';
	qerr_detail_key(&e, "copy_away", "copy {n} is away, held by {holder}", "n", "1", "holder",
	                long_value, NULL);
	CHECK(strlen(e.detail) < sizeof e.detail);
	CHECK(strlen(e.dargs) < sizeof e.dargs);
	CHECK_STR(e.dkey, "copy_away");
	CHECK(i18n_detail_of(m, "ru", &e, buf, 16) != NULL && strlen(buf) < 16);
	/* cut on a character boundary: "экземпляр" is two bytes a letter */
	CHECK_STR(buf, "экземпл");
	CHECK(q_utf8_cut("аб", 3) == 2 && q_utf8_cut("аб", 4) == 4 && q_utf8_cut("ab", 1) == 1);

	/* A plain detail after a keyed one is a plain detail again. */
	qerr_detail(&e, "no such copy");
	CHECK_STR(e.dkey, "");
	CHECK_STR(i18n_detail_of(m, "ru", &e, buf, sizeof buf), "такого экземпляра нет");
	/* and qerr_set clears both */
	qerr_set(&e, QERR_RULE, "x", NULL, NULL);
	CHECK(e.detail[0] == '\0' && e.dkey[0] == '\0' && e.dargs[0] == '\0');

	i18n_free(m);
	return tap_done();
}
