/*
 * seal_stamp.h: the picture of the electronic seal, drawn as a Chinese
 * round stamp (公章): a ring, the body's name along its top, a star in its
 * middle and the template's label under the star, in the seal's colour,
 * with lines and text only so the page shows through.
 *
 * Drawn only on a PDF that is being sealed, and only inside the seal's
 * Form XObject (pdf_seal.h), so the picture belongs to the signature: a
 * file whose signature was cut off shows no stamp.
 */
#ifndef STARMARK_SEAL_STAMP_H
#define STARMARK_SEAL_STAMP_H

#include "render_page.h"

/* Draws into cv->page (redirected to the seal's form by the caller) inside
 * the template's seal box. body_name and the label must have passed
 * font_set_check_text. */
int seal_stamp_draw(const struct canvas *cv, struct error *err);

#endif
