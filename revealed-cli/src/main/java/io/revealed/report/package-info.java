/**
 * HTML run reports: one self-contained {@code report.html} per run folder (inline CSS, inline SVG
 * figures, no scripts, fonts or images from anywhere else), built from the files of the run.
 *
 * <p>A page is a {@link io.revealed.report.Report}: a title and a list of
 * {@link io.revealed.report.Section}s, each of which writes its text, tables and
 * {@link io.revealed.report.Figure}s into a {@link io.revealed.report.Page}. Figures draw with
 * Java2D once and become inline SVG (through JFreeSVG) or PNG from the same drawing routine;
 * charts are JFreeChart charts, grid heat maps and policy arrows are drawn here.
 * {@link io.revealed.report.RunReport} reads a run folder ({@link io.revealed.report.RunData}) and
 * chooses the sections that apply to it; a new kind of run adds its own section class and one
 * line there, without touching the others.
 */
package io.revealed.report;
