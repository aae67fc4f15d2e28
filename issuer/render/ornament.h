/*
 * ornament.h: the certificate's vector decorations.
 *
 * Shapes only: where they go, how big they are and their colours come from
 * the template through the caller, which also sets the line width and
 * colours before each call. Drawn as vectors, they stay sharp in print and
 * cost a few hundred bytes each.
 */
#ifndef STARMARK_ORNAMENT_H
#define STARMARK_ORNAMENT_H

#include <hpdf.h>

/* A filled regular five-pointed star, one point up. */
void ornament_star(HPDF_Page page, float center_x, float center_y, float radius);

/* A fret (回纹) corner piece inside a frame corner at (x, y); toward_x and
 * toward_y (+1 or -1) point into the page. Stroked. */
void ornament_corner(HPDF_Page page, float x, float y, float size, int toward_x, int toward_y);

/* A guilloche-like rosette: petals circles through the centre. Stroked. */
void ornament_rosette(HPDF_Page page, float center_x, float center_y, float radius, int petals);

/* A rule with a small diamond in its middle, centred on (center_x, y).
 * Strokes the rule and fills the diamond. */
void ornament_divider(HPDF_Page page, float center_x, float y, float half_width, float diamond);

#endif
