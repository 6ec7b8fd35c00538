/*
 * ident.h — Kazakhstan's 12-digit identification numbers: the IIN of a
 * person and the BIN of a legal entity share one check-digit scheme.
 *
 * The 12th digit is a control digit: the weighted sum of the first eleven
 * digits with weights 1..11, modulo 11; if that is 10, the sum is taken again
 * with weights 3,4,..,11,1,2; if that too is 10 the number is invalid
 * (no such number is ever issued). Pure; untrusted input is any C string.
 *
 * SPEC.md asks for the check digit only; the date and entity-type digits
 * inside an IIN/BIN are deliberately not checked (numbers issued before the
 * scheme settled do not all follow them).
 */
#ifndef QUPIYA_CORE_IDENT_H
#define QUPIYA_CORE_IDENT_H

#include <stdbool.h>

#define IDENT_LEN 12

/* The control digit for the first eleven digits of s, or -1 when s does not
 * start with eleven decimal digits or the scheme yields no digit. */
int ident_control_digit(const char *s);

/* True iff s is exactly twelve digits whose last is the control digit. */
bool ident_valid(const char *s);

#endif
