"""Items are found by their aliases, department, materials and pinyin; their queue category

Revision ID: 0014_item_search
Revises: 0013_evaluator_devices
Create Date: 2026-12-02 20:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0014_item_search'
down_revision = '0013_evaluator_devices'
branch_labels = None
depends_on = None

FK_NAME = 'fk_item_category_id_category'


def upgrade():
    op.add_column('item', sa.Column('aliases', sa.Text(), nullable=False, server_default=''))
    op.add_column('item', sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
    if op.get_bind().dialect.name == 'sqlite':
        # A plain ADD COLUMN: rebuilding `item` (batch mode) with foreign keys on would
        # cascade the drop of the old table to every item's materials.
        op.execute(f'ALTER TABLE item ADD COLUMN category_id INTEGER CONSTRAINT {FK_NAME} '
                   'REFERENCES category (id)')
    else:
        op.add_column('item', sa.Column('category_id', sa.Integer(), nullable=True))
        op.create_foreign_key(FK_NAME, 'item', 'category', ['category_id'], ['id'])
    op.create_index(op.f('ix_item_category_id'), 'item', ['category_id'], unique=False)
    _fill_search_text()


def _fill_search_text():
    """Index the items already there, and give each the first queue category that lists it."""
    from hall.items.search import build_search_text
    bind = op.get_bind()
    items = bind.execute(sa.text(
        'SELECT item.id, item.name, item.code, department.name FROM item '
        'JOIN department ON department.id = item.department_id')).all()
    for item_id, name, code, department in items:
        materials = bind.execute(sa.text(
            'SELECT name FROM material WHERE item_id = :id ORDER BY position, id'),
            {'id': item_id}).scalars().all()
        text = build_search_text(name, [], department, list(materials), code)
        bind.execute(sa.text('UPDATE item SET search_text = :text WHERE id = :id'),
                     {'text': text, 'id': item_id})
    bind.execute(sa.text(
        'UPDATE item SET category_id = (SELECT min(category_item.category_id) '
        'FROM category_item WHERE category_item.item_id = item.id)'))


def downgrade():
    op.drop_index(op.f('ix_item_category_id'), table_name='item')
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        # SQLite cannot drop a column with a foreign key, and rebuilding `item` must not
        # cascade to its materials: foreign keys off while the table is rebuilt.
        op.execute('PRAGMA foreign_keys=OFF')
        if op.get_bind().execute(sa.text('PRAGMA foreign_keys')).scalar():
            raise RuntimeError('foreign keys stay on inside this transaction: rebuilding item '
                               'would delete every material; downgrade in a fresh connection')
    else:
        op.drop_constraint(FK_NAME, 'item', type_='foreignkey')
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_column('category_id')
        batch_op.drop_column('search_text')
        batch_op.drop_column('aliases')
    if sqlite:
        op.execute('PRAGMA foreign_keys=ON')
