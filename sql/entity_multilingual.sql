-- Entities across languages: countries and major places get one key in any language and
-- script; names in other scripts get Latin keys by ICU transliteration.

-- country names in many languages and scripts, inside sentences
SELECT t.lang, e.kind, e.name, e.key
FROM (VALUES
	('en', 'Officials in China said the report was false.'),
	('de', 'Die Regierung in China wies den Bericht zurück.'),
	('fr', 'Le gouvernement de la Chine a rejeté le rapport.'),
	('es', 'El gobierno de China rechazó el informe.'),
	('ru', 'Китай отверг доклад.'),
	('el', 'Η κυβέρνηση της Κίνα απέρριψε την έκθεση.'),
	('zh', '中国政府拒绝了这份报告。'),
	('ar', 'رفضت الصين التقرير.'),
	('de2', 'Der Botschafter aus Österreich sprach in Genf.'),
	('fr2', 'L''ambassadeur d''Autriche a parlé à Genève.'),
	('es2', 'El embajador de Austria habló en Ginebra.'),
	('ru2', 'Посол Австрии выступил в Женеве.')
) AS t(lang, body), entities(t.body) e
WHERE e.kind = 'LOC'
ORDER BY 1, 4;

-- useful entities in German, Spanish and French news sentences
SELECT kind, name, key FROM entities('UN-Generalsekretär António Guterres traf am Montag in Berlin Bundeskanzler Olaf Scholz. Die Vereinten Nationen und die Europäische Union wollen enger zusammenarbeiten.') ORDER BY 3;
SELECT kind, name, key FROM entities('El secretario general de la ONU, António Guterres, se reunió en Madrid con Pedro Sánchez. Naciones Unidas y la Unión Europea firmaron un acuerdo.') ORDER BY 3;
SELECT kind, name, key FROM entities('Le secrétaire général de l''ONU, António Guterres, a rencontré Emmanuel Macron à Paris. Les Nations unies et l''Union européenne ont signé un accord.') ORDER BY 3;

-- the same organisations and places share keys across the four languages
SELECT count(DISTINCT k) AS distinct_keys, array_agg(DISTINCT k ORDER BY k) AS keys
FROM unnest(entity_keys('The United Nations met in Geneva.') ||
            entity_keys('Die Vereinten Nationen tagten in Genf.') ||
            entity_keys('Las Naciones Unidas se reunieron en Ginebra.') ||
            entity_keys('Les Nations unies se sont réunies à Genève.')) k;

-- person names in other scripts: Latin keys by transliteration
SELECT kind, name, key FROM entities('Мишель Бачелет посетила Синьцзян. Бачелет встретилась с послом.') ORDER BY 3;
SELECT kind, name, key FROM entities('Ο Αντόνιο Γκουτέρες μίλησε στη Γενεύη.') ORDER BY 3;
-- accents never split a key
SELECT key FROM entities('Volker Türk spoke.') UNION ALL SELECT key FROM entities('Volker Turk spoke.');
