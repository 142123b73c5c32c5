// The other host of test/fixtures/mappings/other-host.json: views over the reference schema with English names,
// birth dates instead of CPR numbers, measures tied to the child directly.
export const OTHER_HOST_VIEWS = [
  'CREATE VIEW notifications AS SELECT underretning_id AS notification_no, barn_id AS person_ref, modtaget_tid AS received, kilde_kode AS reporter_kind, alvorlighed AS gravity FROM underretning',
  'CREATE VIEW children AS SELECT barn_id AS person_ref, familie_id AS household_ref, foedselsdato AS born, termin_dato AS due, CASE WHEN foedselsdato IS NULL THEN 1 ELSE 0 END AS not_yet_born FROM barn',
  'CREATE VIEW decisions AS SELECT f.foranstaltning_id AS decision_no, s.barn_id AS person_ref, f.paragraf_kode AS legal_basis, f.start_dato AS begins FROM foranstaltning f JOIN sag s ON s.sag_id = f.sag_id',
  'CREATE VIEW cases AS SELECT sag_id AS case_no, barn_id AS person_ref, oprettet_dato AS opened, afsluttet_dato AS closed FROM sag',
  'CREATE VIEW moves AS SELECT adresse_id AS move_no, familie_id AS household_ref, gyldig_fra AS moved_on, flytte_kode AS kind FROM adresse_historik',
  'CREATE VIEW households AS SELECT husstand_id AS row_no, familie_id AS household_ref, gyldig_fra AS valid_from, enlig_forsoerger AS one_adult FROM husstand_historik',
  'CREATE VIEW parent_links AS SELECT relation_id AS link_no, barn_id AS child_ref, person_id AS adult_ref FROM foraelder_relation',
  'CREATE VIEW adults AS SELECT person_id AS adult_ref, foedselsdato AS born FROM person',
  'CREATE VIEW assessments AS SELECT undersoegelse_id AS assessment_no, barn_id AS person_ref, afsluttet_dato AS completed FROM ics_undersoegelse',
  'CREATE VIEW assessment_items AS SELECT vurdering_id AS item_no, undersoegelse_id AS assessment_no, dimension_kode AS item, bekymring AS concern FROM ics_dimension_vurdering',
];
