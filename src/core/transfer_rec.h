/*
 * transfer_rec.h — the typed record of a transfer act (Art. 25, 26.1; issue
 * 11): the act, the carriers it names (carrier_ids, in order) and the copy
 * numbers that moved of each, as src/store keeps them in the tables
 * transfer, transfer_carrier and transfer_copy (src/store/tables_transfers.c)
 * and src/ops/transfers.c works on them. Pure data and the names of its
 * enums.
 *
 * An act made before copies were tracked (0.1.0) lists no copies: its
 * carriers have listed = false and the answer has no "carriers" member.
 *
 * Ownership: a struct transfer_full owns its arrays and the heap strings
 * of its rows; release with transfer_full_free().
 */
#ifndef QUPIYA_CORE_TRANSFER_REC_H
#define QUPIYA_CORE_TRANSFER_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/rec.h"

/* The basis an act records (core/transfer.h transfer_basis_name). */
extern const char *const transfer_basis_names[];   /* index = value, NULL-terminated */
/* -1 when s names no basis. */
int transfer_basis_parse(const char *s);
/* The only state of an act. */
extern const char *const transfer_state_names[];

struct transfer_rec {
	struct store_row_hdr h;
	char from_org_id[STORE_ID_MAX];   /* the sender */
	char to_org_id[STORE_ID_MAX];     /* the recipient */
	int basis;                        /* transfer_basis_names */
	char *sanction_ref;               /* owned; NULL: none */
	char *successor_ref;
	char *authorized_body_ref;
	char *act_number;
	char joint_work_id[STORE_ID_MAX]; /* "": not under a joint work */
	qdate date;
	char by[STORE_ID_MAX];            /* the user who made it */
	int state;                        /* transfer_state_names: "done" */
	bool carriers_listed;             /* the act lists the copies moved */
};

/* carrier_ids[ord] of the act. */
struct transfer_carrier_rec {
	struct store_row_hdr h;
	char transfer_id[STORE_ID_MAX];
	int64_t ord;
	char carrier_id[STORE_ID_MAX];
};

/* carriers[carrier_ord].copy_numbers[ord] of the act. */
struct transfer_copy_rec {
	struct store_row_hdr h;
	char transfer_id[STORE_ID_MAX];
	int64_t carrier_ord;
	int64_t ord;
	int64_t number;
};

/* One carrier of the act with its copy numbers. */
struct transfer_item {
	char carrier_id[STORE_ID_MAX];
	int *numbers;
	size_t n;
};

/* The act with its carriers, as read and answered. */
struct transfer_full {
	struct transfer_rec t;            /* first: list_rows reads its head */
	struct transfer_item *items;
	size_t nitems;
};

void transfer_full_free(struct transfer_full *f);

#endif
