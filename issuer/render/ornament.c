/*
 * ornament.c: star, corner fret, rosette and divider as libharu paths.
 *
 * The numbers here are the shapes' own proportions (a regular star's inner
 * radius, the steps of the fret), not page layout: each shape is scaled by
 * the size the caller passes from the template.
 */
#include "ornament.h"

#include <math.h>

#define PI 3.14159265358979f
#define STAR_INNER_RATIO 0.381966f /* a regular pentagram: 1 / golden ratio squared */

void ornament_star(HPDF_Page page, float center_x, float center_y, float radius)
{
    for (int k = 0; k < 10; k++) {
        float angle = PI / 2 + (float)k * PI / 5;
        float r = k % 2 ? radius * STAR_INNER_RATIO : radius;
        float x = center_x + r * cosf(angle), y = center_y + r * sinf(angle);
        if (k == 0)
            HPDF_Page_MoveTo(page, x, y);
        else
            HPDF_Page_LineTo(page, x, y);
    }
    HPDF_Page_ClosePath(page);
    HPDF_Page_Fill(page);
}

/* The fret in a unit square with the frame's corner at (0,0): (x, y)
 * pairs, a NAN x ends a polyline. Two nested brackets with hooked ends,
 * and a square spiral (回) in the corner they enclose. */
static const float corner_fret[] = {
    0.14f, 1.00f, 0.06f, 1.00f, 0.06f, 0.06f, 1.00f, 0.06f, 1.00f, 0.14f, NAN, 0,
    0.26f, 0.70f, 0.26f, 0.78f, 0.16f, 0.78f, 0.16f, 0.16f, 0.78f, 0.16f, 0.78f, 0.26f,
    0.70f, 0.26f, NAN, 0,
    0.26f, 0.58f, 0.26f, 0.26f, 0.58f, 0.26f, 0.58f, 0.52f, 0.32f, 0.52f, 0.32f, 0.32f,
    0.52f, 0.32f, 0.52f, 0.46f, 0.38f, 0.46f, 0.38f, 0.38f, 0.46f, 0.38f, NAN, 0,
};

void ornament_corner(HPDF_Page page, float x, float y, float size, int toward_x, int toward_y)
{
    size_t count = sizeof corner_fret / sizeof corner_fret[0];
    int drawing = 0;
    for (size_t i = 0; i < count; i += 2) {
        if (isnan(corner_fret[i])) {
            drawing = 0;
            continue;
        }
        float px = x + (float)toward_x * size * corner_fret[i];
        float py = y + (float)toward_y * size * corner_fret[i + 1];
        if (drawing)
            HPDF_Page_LineTo(page, px, py);
        else
            HPDF_Page_MoveTo(page, px, py);
        drawing = 1;
    }
    HPDF_Page_Stroke(page);
}

void ornament_rosette(HPDF_Page page, float center_x, float center_y, float radius, int petals)
{
    for (int i = 0; i < petals; i++) {
        float angle = 2 * PI * (float)i / (float)petals;
        HPDF_Page_Circle(page, center_x + radius / 2 * cosf(angle),
                         center_y + radius / 2 * sinf(angle), radius / 2);
    }
    HPDF_Page_Circle(page, center_x, center_y, radius);
    HPDF_Page_Stroke(page);
}

void ornament_divider(HPDF_Page page, float center_x, float y, float half_width, float diamond)
{
    HPDF_Page_MoveTo(page, center_x - half_width, y);
    HPDF_Page_LineTo(page, center_x - diamond * 1.8f, y);
    HPDF_Page_MoveTo(page, center_x + diamond * 1.8f, y);
    HPDF_Page_LineTo(page, center_x + half_width, y);
    HPDF_Page_Stroke(page);
    HPDF_Page_MoveTo(page, center_x - diamond, y);
    HPDF_Page_LineTo(page, center_x, y + diamond);
    HPDF_Page_LineTo(page, center_x + diamond, y);
    HPDF_Page_LineTo(page, center_x, y - diamond);
    HPDF_Page_ClosePath(page);
    HPDF_Page_Fill(page);
}
