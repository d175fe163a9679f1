"""The structures facilitators run a phase with: 6-3-5, 1-2-4-All, NGT and SCAMPER.

Each technique is a module of pure rules (:mod:`.brainwriting`, :mod:`.one_two_four_all`,
:mod:`.nominal_group`, :mod:`.scamper`) over plain data the caller gives: people in a
stable order, a phase's elapsed seconds, the settings a phase keeps. What is shared
(the technique names, a template's phase, reading settings) is in :mod:`.common`; the
catalogue that dispatches on a technique (templates, settings' validation, the
minutes' words) is :mod:`.catalogue`. Nothing here stores, draws or reads a file.
"""
